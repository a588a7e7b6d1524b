import { parseArgs } from 'node:util';
import { startServer } from '../../server/start.ts';
import type { CommandIo } from '../command.ts';
import { positiveInt, requireDirs } from '../options.ts';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      library: { type: 'string', multiple: true, default: [] },
      db: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
    },
  });
  const libraries = values.library.length > 0 ? requireDirs(values.library) : undefined;
  const port = values.port === '0' ? 0 : (positiveInt(values.port, 'port') ?? 4533);
  const log = (m: string) => io.stderr.write(`tonearm serve: ${m}\n`);
  const server = await startServer({
    db: values.db, libraries, port, host: values.host, token: values.token ?? (process.env.TONEARM_TOKEN || undefined), log,
  });
  // One line on stdout: the URL to open, secret included.
  io.stdout.write(`${server.url}\n`);
  server.scanned.then(() => log('library scanned; watching for changes'), (err: unknown) => log(`scan failed: ${(err as Error).message}`));
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      log(`${signal}: shutting down`);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
