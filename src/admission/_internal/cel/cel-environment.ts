/**
 * The CEL environment of CRD validation rules: `@bufbuild/cel` (standard definitions, the strings
 * extension) with RE2 regular expressions and the Kubernetes library functions the shipped CRDs
 * use (`isIP`, `isCIDR`). A function missing here makes the rule "not checked", never a pass.
 *
 * @packageDocumentation
 */
import { type CelEnv, CelScalar, celEnv, celFunc } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { isStrictIP, parsesAsCIDR } from '../ip.js';

/** A regular expression compiler with RE2 semantics (the CRD set's cache). */
export interface Re2 {
  compile(pattern: string): { test(text: string): boolean };
}

/**
 * Builds the environment once per CRD set.
 *
 * @param re2 - the CRD set's RE2 compiler (patterns compiled once)
 * @returns the environment
 */
export function kubernetesCelEnv(re2: Re2): CelEnv {
  const k8s = [
    // library.IP: isIP refuses IPv4 with leading zeros and IPv6 zones (netip.ParseAddr + checks).
    celFunc('isIP', [CelScalar.STRING], CelScalar.BOOL, (s) => isStrictIP(s)),
    // library.CIDR: isCIDR as netip.ParsePrefix, without leading zeros.
    celFunc('isCIDR', [CelScalar.STRING], CelScalar.BOOL, (s) => parsesAsCIDR(s, false)),
  ];
  return celEnv({ funcs: [...strings, ...k8s], re2 });
}
