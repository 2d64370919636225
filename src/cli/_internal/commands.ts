/**
 * The command table: every `gwpolicy` command, in the order the help lists them. A command is
 * one file in `src/cli/commands/`.
 */
import { completionCommand } from '../commands/completion.js';
import { driftCommand } from '../commands/drift.js';
import { explainCommand } from '../commands/explain.js';
import { graphCommand } from '../commands/graph.js';
import { mergeCommand } from '../commands/merge.js';
import { previewCommand } from '../commands/preview.js';
import { requestCommand } from '../commands/request.js';
import { statusCommand } from '../commands/status.js';
import { validateCommand } from '../commands/validate.js';
import type { Command } from './command.js';

/** The commands, in help order. */
export const COMMANDS: readonly Command[] = [
  validateCommand,
  statusCommand,
  explainCommand,
  requestCommand,
  previewCommand,
  mergeCommand,
  graphCommand,
  driftCommand,
  completionCommand,
];

/** Commands by name. */
export const COMMANDS_BY_NAME: ReadonlyMap<string, Command> = new Map(COMMANDS.map((c) => [c.name, c]));
