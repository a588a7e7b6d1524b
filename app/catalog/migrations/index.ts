import { sql as m0001 } from './0001-initial.ts';
import { sql as m0002 } from './0002-browse-indexes.ts';

/** Numbered migrations, applied in order; `PRAGMA user_version` records the last one applied. */
export const migrations: readonly string[] = [m0001, m0002];
