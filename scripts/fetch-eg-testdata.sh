#!/usr/bin/env bash
# Fetches Envoy Gateway's test data (the translator test pairs, merge fixtures, CRDs, CEL admission
# tests and e2e material the conformance suites read) at the pinned commits, with git, into
#   ${1:-../shared/eg-testdata}   (relative to the repository root)
# and checks every file against the git blob id recorded in scripts/eg-testdata.manifest.
# Point the test suites at another place with GWP_EG_TESTDATA=/path/to/eg-testdata.
#
# Each manifest line: <commit: D|T> <git blob id> <path here> <path in envoyproxy/gateway>
#   D = d32f28294245e454d20f81d323d626a90e660c1e (main, VERSION v1.9.0: translator test data)
#   T = 39763b1c07ec30a5526fe70434a2cfe4181de642 (tag v1.9.0: CRDs, CEL tests, e2e)
# GWP_EG_REPO overrides the repository address (a local clone works too).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-$root/../shared/eg-testdata}"
repo="${GWP_EG_REPO:-https://github.com/envoyproxy/gateway.git}"
manifest="$root/scripts/eg-testdata.manifest"
declare -A commit=([D]=d32f28294245e454d20f81d323d626a90e660c1e [T]=39763b1c07ec30a5526fe70434a2cfe4181de642)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
filter=()
case "$repo" in http*://*) filter=(--filter=blob:none) ;; esac
echo "cloning $repo (no checkout)…" >&2
git clone --quiet --no-checkout "${filter[@]}" "$repo" "$work/gateway"

for key in D T; do
  paths="$(awk -v k="$key" '$1 == k { print $4 }' "$manifest")"
  tree="$work/tree-$key"
  git -C "$work/gateway" worktree add --quiet --no-checkout "$tree" "${commit[$key]}"
  git -C "$tree" sparse-checkout set --no-cone $paths
  git -C "$tree" checkout --quiet "${commit[$key]}"
done

count=0
while read -r key blob here upstream; do
  mkdir -p "$(dirname "$dest/$here")"
  cp "$work/tree-$key/$upstream" "$dest/$here"
  got="$(git hash-object "$dest/$here")"
  if [ "$got" != "$blob" ]; then
    echo "checksum mismatch: $here (expected blob $blob, got $got)" >&2
    exit 1
  fi
  count=$((count + 1))
done < "$manifest"
echo "$count files written to $dest, each matching its recorded git blob id" >&2
