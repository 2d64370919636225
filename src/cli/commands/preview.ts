/**
 * `gwpolicy preview`: registered with its contract (architecture.md), not implemented yet. To
 * implement it, replace `run` in this file; nothing else changes.
 */
import { OUTPUT_OPTION, RESOLVE_OPTIONS } from '../_internal/args.js';
import type { Command } from '../_internal/command.js';
import { usage } from '../_internal/command.js';

const help = `Usage: gwpolicy preview BASE... --change FILE... [--delete KIND/NS/NAME]...
                        [--order cluster|input] [--admission reject|report] [-o text|json|yaml]

NOT IMPLEMENTED YET: prints "gwpolicy: preview is not implemented yet" and exits with status 2.

Will show what a change would do before it is applied: every effective value that changes at
every attachment point (with the policy that supplies it before and after), and every policy
status that changes.

Options:
  --change FILE              manifests to add or replace (repeatable)
  --delete KIND/NS/NAME      a resource to delete (repeatable)
  --order cluster|input      policy order (default cluster)
  --admission reject|report  policies the API server would refuse (default reject)
  -o, --output text|json|yaml  output format (default text)
  -h, --help                 print this help
`;

/** `gwpolicy preview` (not implemented yet). */
export const previewCommand: Command = {
  name: 'preview',
  summary: 'what a change would do to effective policy and status (not implemented yet)',
  help,
  options: {
    change: { type: 'string', multiple: true },
    delete: { type: 'string', multiple: true },
    ...RESOLVE_OPTIONS,
    ...OUTPUT_OPTION,
  },
  run: async () => usage('preview is not implemented yet'),
};
