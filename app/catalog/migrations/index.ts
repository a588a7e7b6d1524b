import { sql as m0001 } from './0001-initial.ts';
import { sql as m0002 } from './0002-browse-indexes.ts';
import { sql as m0003 } from './0003-loudness.ts';
import { sql as m0004 } from './0004-sync-mirror.ts';
import { sql as m0005 } from './0005-sync-client.ts';
import { sql as m0006 } from './0006-playlists-history.ts';
import { sql as m0007 } from './0007-listening-sync.ts';
import { sql as m0008 } from './0008-dirty-folders.ts';
import { sql as m0009 } from './0009-gain-tags.ts';
import { sql as m0010 } from './0010-loudness-blocks.ts';
import { sql as m0011 } from './0011-mirror-moved-out.ts';
import { sql as m0012 } from './0012-lyrics.ts';
import { sql as m0013 } from './0013-lyrics-digests.ts';
import { sql as m0014 } from './0014-genre-sort.ts';
import { sql as m0015 } from './0015-deferred-indexes.ts';

/** Numbered migrations, applied in order; `PRAGMA user_version` records the last one applied. */
export const migrations: readonly string[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014, m0015];

/**
 * The library tables a desktop catalog and the sync server's mirror share (browse, search,
 * playlists, history, prefs, smart playlists, player state, loudness, and what the catalog's write
 * paths use), by migration: the mirror's own schema (sync-server/db/) starts from these. A later
 * catalog migration that changes one of these tables must be added to the mirror's migrations too;
 * `sync-server/db/schema.test.ts` compares both.
 */
export const libraryMigrations = { m0001, m0002, m0003, m0006, m0008, m0009, m0010 } as const;