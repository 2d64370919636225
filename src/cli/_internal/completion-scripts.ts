/**
 * Shell completion scripts for `gwpolicy`, generated from the command table: the commands, each
 * command's options (with their choices, or files), and its positional arguments (files, or the
 * words a command names).
 */
import type { Command, OptionSpec } from './command.js';

/** The shells `gwpolicy completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

interface Flag {
  readonly long: string;
  readonly short?: string;
  readonly takesValue: boolean;
  readonly values?: readonly string[] | 'file';
}

function flagsOf(c: Command): Flag[] {
  const flags: Flag[] = Object.entries(c.options).map(([long, spec]: [string, OptionSpec]) => ({
    long,
    ...(spec.short !== undefined ? { short: spec.short } : {}),
    takesValue: spec.type === 'string',
    ...(spec.values !== undefined ? { values: spec.values } : {}),
  }));
  flags.push({ long: 'help', short: 'h', takesValue: false });
  return flags;
}

/** A word safe inside single quotes in every shell here (our words are plain). */
function q(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * The completion script for a shell.
 *
 * @param shell - bash, zsh or fish
 * @param commands - the command table
 * @returns the script, ending with a newline
 */
export function completionScript(shell: Shell, commands: readonly Command[]): string {
  if (shell === 'bash') return bashScript(commands);
  if (shell === 'zsh') return zshScript(commands);
  return fishScript(commands);
}

function bashScript(commands: readonly Command[]): string {
  const names = commands.map((c) => c.name).join(' ');
  const cases = commands.map((c) => {
    const flags = flagsOf(c);
    const valueCases = flags
      .filter((f) => f.takesValue)
      .map((f) => {
        const pat = [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])].join('|');
        const action =
          f.values === 'file'
            ? 'compopt -o default; COMPREPLY=()'
            : f.values
              ? `COMPREPLY=($(compgen -W ${q(f.values.join(' '))} -- "$cur"))`
              : 'COMPREPLY=()';
        return `        ${pat}) ${action}; return ;;`;
      });
    const words = flags.flatMap((f) => [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])]).join(' ');
    const operands = c.operands
      ? `COMPREPLY=($(compgen -W ${q(c.operands.join(' '))} -- "$cur"))`
      : 'compopt -o default; COMPREPLY=()';
    return [
      `    ${c.name})`,
      '      case "$prev" in',
      ...valueCases,
      '      esac',
      `      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W ${q(words)} -- "$cur")); else ${operands}; fi`,
      '      ;;',
    ].join('\n');
  });
  return `# bash completion for gwpolicy. Load it with:  source <(gwpolicy completion bash)
_gwpolicy() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W ${q(`${names} --help --version`)} -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases.join('\n')}
  esac
}
complete -F _gwpolicy gwpolicy
`;
}

function zshScript(commands: readonly Command[]): string {
  const described = commands.map((c) => q(`${c.name}:${c.summary.replaceAll(':', '\\:')}`)).join(' ');
  const cases = commands.map((c) => {
    const specs = flagsOf(c).map((f) => {
      const action = !f.takesValue
        ? ''
        : f.values === 'file'
          ? ':file:_files'
          : f.values
            ? `:${f.long}:(${f.values.join(' ')})`
            : `:${f.long}: `;
      const star = f.takesValue ? '*' : '';
      if (f.short) return `'(-${f.short} --${f.long})'{-${f.short},--${f.long}}'${action}'`;
      return `'${star}--${f.long}${action}'`;
    });
    const operands = c.operands ? `'*:${c.name}:(${c.operands.join(' ')})'` : "'*:file:_files'";
    return `    ${c.name}) _arguments -s ${[...specs, operands].join(' ')} ;;`;
  });
  return `#compdef gwpolicy
# zsh completion for gwpolicy. Load it with:  source <(gwpolicy completion zsh)
# (or save it as _gwpolicy in a folder of $fpath).
_gwpolicy() {
  if (( CURRENT == 2 )); then
    local -a commands
    commands=(${described})
    _describe -t commands 'gwpolicy command' commands
    _arguments '--help' '--version'
    return
  fi
  shift words
  (( CURRENT-- ))
  case "$words[1]" in
${cases.join('\n')}
  esac
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _gwpolicy "$@"
else
  compdef _gwpolicy gwpolicy
fi
`;
}

function fishScript(commands: readonly Command[]): string {
  const names = commands.map((c) => c.name).join(' ');
  const lines = [
    '# fish completion for gwpolicy. Load it with:  gwpolicy completion fish | source',
    '# (or save it as ~/.config/fish/completions/gwpolicy.fish).',
    'complete -c gwpolicy -f',
    `complete -c gwpolicy -n ${q(`not __fish_seen_subcommand_from ${names}`)} -l help -s h -d 'print the help'`,
    `complete -c gwpolicy -n ${q(`not __fish_seen_subcommand_from ${names}`)} -l version -s V -d 'print the version'`,
  ];
  for (const c of commands) {
    lines.push(
      `complete -c gwpolicy -n ${q(`not __fish_seen_subcommand_from ${names}`)} -a ${c.name} -d ${q(c.summary)}`,
    );
    const cond = `-n ${q(`__fish_seen_subcommand_from ${c.name}`)}`;
    for (const f of flagsOf(c)) {
      const short = f.short ? ` -s ${f.short}` : '';
      const value = !f.takesValue
        ? ''
        : f.values === 'file'
          ? ' -r -F'
          : f.values
            ? ` -r -f -a ${q(f.values.join(' '))}`
            : ' -r -f';
      lines.push(`complete -c gwpolicy ${cond} -l ${f.long}${short}${value}`);
    }
    lines.push(
      c.operands
        ? `complete -c gwpolicy ${cond} -a ${q(c.operands.join(' '))}`
        : `complete -c gwpolicy ${cond} -F`,
    );
  }
  return `${lines.join('\n')}\n`;
}
