/**
 * `gwpolicy explain`: registered with its contract (architecture.md), not implemented yet. To
 * implement it, replace `run` in this file; nothing else changes.
 */
import { OUTPUT_OPTION, RESOLVE_OPTIONS } from '../_internal/args.js';
import type { Command } from '../_internal/command.js';
import { usage } from '../_internal/command.js';

const help = `Usage: gwpolicy explain [FILE...|-] [--gateway NS/NAME] [--listener NAME] [--route KIND/NS/NAME]
                        [--rule NAME] [--policy KIND/NS/NAME] [--kind POLICYKIND]
                        [--order cluster|input] [--admission reject|report] [-o text|json|yaml]

NOT IMPLEMENTED YET: prints "gwpolicy: explain is not implemented yet" and exits with status 2.

Will explain, per attachment point (Gateway, listener, route, rule), which policy of each kind
applies there, with which effective values, which policy supplied each value, and why the other
candidates did not apply.

Options:
  --gateway NS/NAME          only points of this Gateway
  --listener NAME            only points of this listener
  --route KIND/NS/NAME       only points of this route
  --rule NAME                only points of this rule (name, or index when unnamed)
  --policy KIND/NS/NAME      only points this policy reaches
  --kind POLICYKIND          only this policy kind
  --order cluster|input      policy order (default cluster)
  --admission reject|report  policies the API server would refuse (default reject)
  -o, --output text|json|yaml  output format (default text)
  -h, --help                 print this help
`;

/** `gwpolicy explain` (not implemented yet). */
export const explainCommand: Command = {
  name: 'explain',
  summary: 'which policy applies where, with which values, and why (not implemented yet)',
  help,
  options: {
    gateway: { type: 'string' },
    listener: { type: 'string' },
    route: { type: 'string' },
    rule: { type: 'string' },
    policy: { type: 'string' },
    kind: { type: 'string' },
    ...RESOLVE_OPTIONS,
    ...OUTPUT_OPTION,
  },
  run: async () => usage('explain is not implemented yet'),
};
