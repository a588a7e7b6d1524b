// A CLI command: a name, one line of help, usage, and a run function returning the exit code.
export interface CommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CommandIo): Promise<number>;
}

/** A user-facing failure: printed as one sentence, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
