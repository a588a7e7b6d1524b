import { parseArgs } from 'node:util';
import { openCatalog } from '../../catalog/index.ts';
import type { CommandIo } from '../command.ts';
import { formatBytes, formatDuration, requireExistingDb } from '../options.ts';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const catalog = openCatalog({ file: requireExistingDb(values.db), readonly: true });
  try {
    const s = catalog.stats();
    if (values.json) {
      io.stdout.write(JSON.stringify(s) + '\n');
    } else {
      io.stdout.write([
        `tracks    ${s.tracks}`, `albums    ${s.albums}`, `artists   ${s.artists}`, `genres    ${s.genres}`,
        `duration  ${formatDuration(s.durationMs)}`, `size      ${formatBytes(s.bytes)}`, `errors    ${s.errors}`,
      ].join('\n') + '\n');
    }
    return 0;
  } finally {
    catalog.close();
  }
}
