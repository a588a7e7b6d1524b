import { sql as m0001 } from './0001-library.ts';
import { sql as m0002 } from './0002-mirror.ts';
import { sql as m0003 } from './0003-lyrics.ts';
import { sql as m0004 } from './0004-uploads.ts';
import { sql as m0005 } from './0005-gain.ts';
import { sql as m0006 } from './0006-lyrics-index.ts';
import { sql as m0007 } from './0007-audit.ts';
import { sql as m0008 } from './0008-genre-sort.ts';
import { sql as m0009 } from './0009-deferred-indexes.ts';

/** The mirror database's numbered migrations (its own sequence, not the desktop catalog's). */
export const mirrorMigrations: readonly string[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009];
