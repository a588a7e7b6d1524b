// A CLI command: a name, one line of help and usage in the registry (commands/index.ts), and a
// run function loaded only when that command runs, so `tonearm --help` and each command start
// without loading the others (express, the scanner, the sync client…).
import { UserError } from '../userError.ts';

export interface CommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export type CommandRun = (argv: string[], io: CommandIo) => Promise<number>;

export interface Command {
  name: string;
  summary: string;
  usage: string;
  load(): Promise<CommandRun>;
}

/** A user-facing failure of arguments: printed as one sentence, exit code 2. */
export class UsageError extends UserError {
  override name = 'UsageError';
}
