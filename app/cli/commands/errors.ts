import { parseArgs } from 'node:util';
import { openCatalog } from '../../catalog/index.ts';
import type { CommandIo } from '../command.ts';
import { requireExistingDb } from '../options.ts';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const catalog = openCatalog({ file: requireExistingDb(values.db), readonly: true });
  try {
    const errors = catalog.scanErrors.list();
    if (values.json) {
      io.stdout.write(JSON.stringify({ errors }) + '\n');
    } else if (errors.length === 0) {
      io.stdout.write('No scan errors.\n');
    } else {
      for (const e of errors) io.stdout.write(`${e.path}\n    ${e.reason}\n`);
      io.stdout.write(`${errors.length} file${errors.length === 1 ? '' : 's'} could not be indexed.\n`);
    }
    return 0;
  } finally {
    catalog.close();
  }
}
