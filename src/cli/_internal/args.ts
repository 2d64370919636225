/**
 * Option helpers shared by the commands: the common option specs and checked option values.
 */
import { loadProfileCrds } from '../../explain/load-profile-crds.js';
import { preloadGoRegexp } from '../../go/regexp-preload.js';
import type { FieldValidation } from '../../model/admission-types.js';
import type { TopologyOptions } from '../../model/topology-types.js';
import type { SemanticsProfile } from '../../precedence/profile.js';
import type { AdmissionMode, OrderMode } from '../../precedence/resolution-types.js';
import type { CommandArgs, OptionSpec } from './command.js';
import { usage } from './command.js';

/** `--order`, `--admission` and the controller switches, taken by every command that resolves. */
export const RESOLVE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  order: { type: 'string', values: ['cluster', 'input'] },
  admission: { type: 'string', values: ['reject', 'report'] },
  'field-validation': { type: 'string', values: ['strict', 'warn', 'ignore'] },
  'enable-lua': { type: 'boolean' },
  'enable-backend': { type: 'boolean' },
  now: { type: 'string' },
  exclude: { type: 'string', multiple: true },
  cluster: { type: 'boolean' },
  kubeconfig: { type: 'string', values: 'file' },
  context: { type: 'string' },
  'controller-namespace': { type: 'string' },
};

/** The help lines of the controller switches in `RESOLVE_OPTIONS`, shared by every command's help. */
export const SWITCHES_HELP: string = `  --field-validation strict|warn|ignore
                             fields the CRD does not have, as kubectl's --validate: strict
                             (default) = the API server refuses the object, warn = the field is
                             dropped with a warning, ignore = dropped silently (the test-data
                             layout: ignore, objects kept as given)
  --enable-lua               build Lua EnvoyExtensionPolicies (extensionApis.enableLua), over the
                             EnvoyGateway configuration of the input (a kind: EnvoyGateway
                             document or the envoy-gateway-config ConfigMap); without one, off
                             as in Envoy Gateway v1.9 (on for its test-data layout)
  --enable-backend           honour Backend resources (extensionApis.enableBackend; the same)
  --now TIME                 judge certificate and CRL validity at this RFC 3339 time, e.g.
                             2026-01-01T00:00:00Z (default: now, as Envoy Gateway does)
  --exclude GLOB             leave out files and folders matching GLOB (repeatable; without /
                             it matches a name anywhere, e.g. --exclude 'staging-*')
  --cluster                  read the input from the live cluster of the current context
                             instead of FILE (read-only: list and get); also implied by:
  --context NAME             the kubeconfig context to read (default: the current one)
  --kubeconfig PATH          the kubeconfig (default: KUBECONFIG, then ~/.kube/config)
  --controller-namespace NS  where Envoy Gateway runs, for its envoy-gateway-config ConfigMap
                             (default envoy-gateway-system)
`;

/** `-o` / `--output`, without the formats (see {@link outputOption}). */
export const OUTPUT_OPTION: Readonly<Record<string, OptionSpec>> = {
  output: { type: 'string', short: 'o' },
};

/**
 * `-o` / `--output` with its formats.
 *
 * @param formats - the formats the command writes, the default first
 * @returns the option spec
 */
export function outputOption(formats: readonly string[]): Readonly<Record<string, OptionSpec>> {
  return { output: { type: 'string', short: 'o', values: formats } };
}

/**
 * The value of a string option that must be one of `choices`, or `fallback` when not given.
 *
 * @param command - the command name, for the message
 * @param args - parsed arguments
 * @param name - the long option name
 * @param choices - the allowed values
 * @param fallback - the default, or undefined for a required option
 * @returns the value
 */
export function choiceOption<T extends string>(
  command: string,
  args: CommandArgs,
  name: string,
  choices: readonly T[],
  fallback?: T,
): T {
  const raw = args.values[name];
  const flag = name === 'output' ? '-o/--output' : `--${name}`;
  if (raw === undefined) {
    if (fallback !== undefined) return fallback;
    return usage(`${command}: ${flag} is required (${choices.join(' or ')})`);
  }
  if (typeof raw === 'string' && (choices as readonly string[]).includes(raw)) return raw as T;
  return usage(`${command}: invalid value '${String(raw)}' for ${flag} (expected ${choices.join(' or ')})`);
}

/**
 * The resolution options of a command (`--order`, `--admission`, `--field-validation`) with their
 * defaults, the v1.9 profile with its CRD set loaded (the CLI always admits as the API server
 * does), and the controller switches (`--enable-lua`, `--enable-backend`: Envoy Gateway's
 * `extensionApis`), which only override the topology's defaults when given.
 */
export async function resolveOptionsOf(
  command: string,
  args: CommandArgs,
): Promise<{
  readonly order: OrderMode;
  readonly admission: AdmissionMode;
  readonly fieldValidation?: FieldValidation;
  readonly profile: SemanticsProfile;
  readonly topology: TopologyOptions;
}> {
  const now = args.values.now;
  if (now !== undefined && (typeof now !== 'string' || !Number.isFinite(Date.parse(now))))
    usage(
      `${command}: invalid value '${String(now)}' for --now (expected an RFC 3339 time, e.g. 2026-01-01T00:00:00Z)`,
    );
  // Every regular expression is checked as Go checks it, long ones and Unicode classes included.
  await preloadGoRegexp();
  return {
    order: choiceOption<OrderMode>(command, args, 'order', ['cluster', 'input'], 'cluster'),
    admission: choiceOption<AdmissionMode>(command, args, 'admission', ['reject', 'report'], 'reject'),
    // Unset: strict, or ignore for the test-data layout (admitManifests decides).
    ...(args.values['field-validation'] === undefined
      ? {}
      : {
          fieldValidation: choiceOption<FieldValidation>(command, args, 'field-validation', [
            'strict',
            'warn',
            'ignore',
          ]),
        }),
    profile: await loadProfileCrds(),
    topology: {
      ...(args.values['enable-lua'] === true ? { enableLua: true } : {}),
      ...(args.values['enable-backend'] === true ? { enableBackend: true } : {}),
      ...(typeof now === 'string' ? { now } : {}),
    },
  };
}
