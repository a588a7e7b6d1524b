import { UserError } from '../userError.ts';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from './migrations/index.ts';
import { restoreDeferred } from './bulkLoad.ts';

export type Db = Database.Database;

export interface OpenDbOptions {
  file: string;
  readonly?: boolean;
  /** The schema's numbered migrations (default: the catalog's). The sync server's mirror has its own. */
  migrations?: readonly string[];
}

/** Opens (creating if needed) a catalog database: WAL, foreign keys on, migrations applied. */
export function openDb(options: OpenDbOptions): Db {
  const file = options.file;
  if (file !== ':memory:' && !options.readonly) {
    const dir = path.dirname(path.resolve(file));
    if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new CatalogError(`the database folder does not exist: ${dir}`);
    try {
      fs.accessSync(dir, fs.constants.W_OK);
      if (fs.existsSync(file)) fs.accessSync(file, fs.constants.W_OK);
    } catch {
      throw new CatalogError(`the database is not writable: ${path.resolve(file)}`);
    }
  }
  let db: Db;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (err) {
    throw new CatalogError(`cannot open the database ${file}: ${(err as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -16000');
    if (!options.readonly) {
      // Indexes a killed bulk load left deferred come back first (a migration may expect them).
      restoreDeferred(db);
      migrate(db, options.migrations ?? migrations);
    }
  } catch (err) {
    db.close();
    if (err instanceof CatalogError) throw err;
    throw new CatalogError(`cannot use the database ${file}: ${(err as Error).message}`);
  }
  return db;
}

function migrate(db: Db, list: readonly string[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > list.length) {
    throw new CatalogError(`the database was written by a newer Tonearm (schema ${current}, this one knows ${list.length})`);
  }
  for (let i = current; i < list.length; i++) {
    const sql = list[i];
    if (sql === undefined) continue;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
}

/** An error whose message is one sentence fit to show a user. */
export class CatalogError extends UserError {
  override name = 'CatalogError';
}
