/**
 * `gwpolicy completion bash|zsh|fish`: prints a shell completion script.
 */
import type { Command } from '../_internal/command.js';
import { usage } from '../_internal/command.js';
import { completionScript, SHELLS, type Shell } from '../_internal/completion-scripts.js';
import { EXIT_OK } from '../exit-codes.js';

const help = `Usage: gwpolicy completion bash|zsh|fish

Print a completion script for a shell: commands, options, option values (output formats,
--order, --severity, policy kinds, …) and files.

  bash   source <(gwpolicy completion bash)            (add it to ~/.bashrc)
  zsh    source <(gwpolicy completion zsh)             (add it to ~/.zshrc, after compinit)
  fish   gwpolicy completion fish > ~/.config/fish/completions/gwpolicy.fish

Options:
  -h, --help  print this help

Exit status: 0 the script was printed, 2 usage error.
`;

/** `gwpolicy completion`. */
export const completionCommand: Command = {
  name: 'completion',
  summary: 'print a shell completion script (bash, zsh or fish)',
  help,
  options: {},
  operands: SHELLS,
  run: async (args, { io }) => {
    const [shell, ...extra] = args.positionals;
    if (shell === undefined || extra.length > 0 || !(SHELLS as readonly string[]).includes(shell))
      usage(
        `completion: give one shell: ${SHELLS.join(', ')}${shell === undefined ? '' : `, got '${args.positionals.join(' ')}'`}`,
      );
    // The command table imports this command: read it when run.
    const { COMMANDS } = await import('../_internal/commands.js');
    io.stdout(completionScript(shell as Shell, COMMANDS));
    return EXIT_OK;
  },
};
