// The mirror's journal of listening edits made on the server (remote player, Subsonic): every
// accepted playlist edit and track favorite/rating becomes one `mirror_listening_changes` row,
// written in the edit's own transaction, naming tracks by their mirror id. A desktop pulls the
// journal (and remote play events) with GET /api/sync/listening/changes; each track is translated
// to that device's own id (`sourceId`) through the tracks it publishes, and what it does not have
// is left out.
import type { ItemPrefs } from '../app/contract/index.ts';
import { createPlaylistFiles } from '../app/library/playlistFiles.ts';
import type { MirrorCatalog } from './db/open.ts';
import type { JournalBudget } from './journalBudget.ts';
import type { Listening, PlaylistStore, PrefsStore } from '../app/library/index.ts';
import type { ListeningChange, ListeningChangesResponse, PlaylistOp, SyncPlayEvent, SyncPlaySource, SyncPref } from '../app/sync/protocol.ts';

interface EntryRow { id: number; uid: string; trackId: number }
interface ChangeRow { seq: number; kind: 'playlist' | 'pref'; uid: string; base_version: number; op: string; at: number }
interface EventRow { id: number; clientEventId: string; sourceId: number | null; startedAt: number; endedAt: number; msListened: number;
  completed: number; source: SyncPlaySource; sourceRef: string | null; clientId: string | null }

export interface ListeningJournal {
  /** The journal and remote play events as `deviceId` sees them (its own track ids). */
  changes(deviceId: number, since: number, events: number, limit: number): ListeningChangesResponse;
  /** The listening service with its playlist and prefs stores journaled. */
  wrap(listening: Listening): Listening;
}

/** At most this much op JSON per page of GET /api/sync/listening/changes (one op may be larger alone). */
export const journalPageBytes = 8 * 1024 * 1024;

export interface JournalOptions {
  now?: () => number;
  /** Op JSON per page of a pull (default `journalPageBytes`). */
  pageBytes?: number | undefined;
  /** What each caller may add per window (journalBudget.ts); none: no limit. */
  budget?: JournalBudget;
}

export function createListeningJournal(catalog: MirrorCatalog, options: JournalOptions = {}): ListeningJournal {
  const now = options.now ?? Date.now;
  const pageBytes = options.pageBytes ?? journalPageBytes;
  const db = catalog.db;
  const uidOf = db.prepare<[number], string>('SELECT uid FROM playlists WHERE id = ?').pluck();
  const entriesOf = db.prepare<[number], EntryRow>('SELECT id, uid, track_id AS trackId FROM playlist_entries WHERE playlist_id = ? ORDER BY position, id');
  const sourceOf = db.prepare<[number, number], number>('SELECT source_id FROM mirror_sources WHERE device_id = ? AND track_id = ?').pluck();
  const insert = db.prepare('INSERT INTO mirror_listening_changes (kind, uid, base_version, op, at) VALUES (?, ?, ?, ?, ?)');
  const since = db.prepare<[number], ChangeRow>('SELECT seq, kind, uid, base_version, op, at FROM mirror_listening_changes WHERE seq > ? ORDER BY seq');
  const eventsSince = db.prepare<[number, number, number], EventRow>(`SELECT e.id, e.client_event_id AS clientEventId, s.source_id AS sourceId,
    e.started_at AS startedAt, e.ended_at AS endedAt, e.ms_listened AS msListened, e.completed, e.source, e.source_id AS sourceRef, e.client_id AS clientId
    FROM play_events e LEFT JOIN mirror_sources s ON s.track_id = e.track_id AND s.device_id = ?
    WHERE e.id > ? AND NOT EXISTS (SELECT 1 FROM mirror_pushed_events p WHERE p.client_event_id = e.client_event_id)
    ORDER BY e.id LIMIT ?`);

  // Ops are stored with mirror track ids in their `sourceId(s)` fields; `forDevice` translates them.
  /** Journals one op, counted against the caller's budget first (a refusal rolls the edit back). */
  const write = (kind: 'playlist' | 'pref', uid: string, base: number, json: string) => {
    options.budget?.spend(json.length);
    insert.run(kind, uid, base, json, now());
  };
  const log = (uid: string, base: number, op: PlaylistOp) => write('playlist', uid, base, JSON.stringify(op));
  const entries = (id: number) => entriesOf.all(id);
  /** Runs `fn` and journals in the same transaction (the store's own transaction nests as a savepoint). */
  const atomic = <T>(fn: () => T): T => db.transaction(fn).immediate();

  function wrapPlaylists(inner: PlaylistStore): PlaylistStore {
    const store: PlaylistStore = {
      list: () => inner.list(),
      get: (id) => inner.get(id),
      trackIds: (id) => inner.trackIds(id),
      create: (input) => atomic(() => {
        const p = inner.create(input);
        const rows = entries(p.id);
        log(uidOf.get(p.id) ?? '', 0, {
          type: 'create', name: p.name, description: p.description,
          entries: rows.map((e, i) => ({ uid: e.uid, sourceId: e.trackId, addedAt: p.entries[i]?.addedAt ?? p.createdAt })),
        });
        return p;
      }),
      update: (id, input) => atomic(() => {
        const before = inner.get(id);
        const p = inner.update(id, input);
        log(uidOf.get(id) ?? '', input.version, {
          type: 'update', ...(input.name !== undefined ? { name: input.name } : {}), ...(input.description !== undefined ? { description: input.description } : {}),
          fromName: before?.name ?? '', fromDescription: before?.description ?? '',
        });
        return p;
      }),
      delete: (id, version) => atomic(() => {
        const uid = uidOf.get(id);
        inner.delete(id, version);
        if (uid) log(uid, version, { type: 'delete' });
      }),
      add: (id, input) => atomic(() => {
        const result = inner.add(id, input);
        if (!result.replayed) {
          const made = new Map(entries(id).map((e) => [e.id, e]));
          const rows = result.entryIds.map((e) => made.get(e)).filter((e): e is EntryRow => e !== undefined);
          log(uidOf.get(id) ?? '', result.playlist.version - 1, {
            type: 'add', key: input.key, sourceIds: rows.map((e) => e.trackId), entryUids: rows.map((e) => e.uid), position: input.position ?? null,
          });
        }
        return result;
      }),
      remove: (id, input) => atomic(() => {
        const byId = new Map(entries(id).map((e) => [e.id, e.uid]));
        const p = inner.remove(id, input);
        log(uidOf.get(id) ?? '', input.version, { type: 'remove', entryUids: input.entryIds.map((e) => byId.get(e) ?? '') });
        return p;
      }),
      move: (id, input) => atomic(() => {
        const p = inner.move(id, input);
        log(uidOf.get(id) ?? '', input.version, { type: 'order', entryUids: entries(id).map((e) => e.uid) });
        return p;
      }),
      reorder: (id, input) => atomic(() => {
        const p = inner.reorder(id, input);
        log(uidOf.get(id) ?? '', input.version, { type: 'order', entryUids: entries(id).map((e) => e.uid) });
        return p;
      }),
    };
    // The inner store calls its own onChange; forward whatever the caller sets on the wrapper.
    inner.onChange = (id) => store.onChange?.(id);
    return store;
  }

  /** A track's prefs as they now are, journaled for the desktop (albums and artists stay on the mirror). */
  function journalPref(out: ItemPrefs): void {
    if (out.kind !== 'track') return;
    const pref: SyncPref = { kind: 'track', sourceId: out.id, favorite: out.favorite, rating: out.rating, updatedAt: out.updatedAt };
    write('pref', `track:${out.id}`, 0, JSON.stringify(pref));
  }

  function wrapPrefs(inner: PrefsStore): PrefsStore {
    const store: PrefsStore = {
      get: (kind, ids) => inner.get(kind, ids),
      favoriteTracks: (q) => inner.favoriteTracks(q),
      favoriteAlbums: (q) => inner.favoriteAlbums(q),
      favoriteArtists: (q) => inner.favoriteArtists(q),
      set: (kind, id, update) => atomic(() => {
        const out = inner.set(kind, id, update);
        journalPref(out);
        return out;
      }),
      setMany: (kind, ids, update) => atomic(() => {
        const out = inner.setMany(kind, ids, update);
        for (const p of out) journalPref(p);
        return out;
      }),
    };
    inner.onChange = () => store.onChange?.();
    return store;
  }

  return {
    wrap(listening) {
      const playlists = wrapPlaylists(listening.playlists);
      // M3U imports create and fill playlists too: through the journaled store, like every other edit.
      return Object.assign(listening, { playlists, prefs: wrapPrefs(listening.prefs), files: createPlaylistFiles({ db, playlists }) });
    },
    changes(deviceId, sinceSeq, sinceEvent, limit) {
      // A page holds `limit` ops, and no more than `pageBytes` of them (always at least one): an
      // `order` op carries every entry of its playlist (3.9 MB for 100,000 entries), so a page of
      // 1,000 could not be held in memory or written as one answer, and the desktop's pull would
      // fail every time. Rows are read one by one, up to the first that does not fit.
      const page: ChangeRow[] = [];
      let bytes = 0;
      let moreChanges = false;
      for (const r of since.iterate(sinceSeq)) {
        if (page.length >= limit || (page.length > 0 && bytes + r.op.length > pageBytes)) {
          moreChanges = true;
          break;
        }
        page.push(r);
        bytes += r.op.length;
      }
      const source = (trackId: number) => sourceOf.get(deviceId, trackId);
      const changes: ListeningChange[] = page.flatMap((r): ListeningChange[] => {
        if (r.kind === 'pref') {
          const pref = JSON.parse(r.op) as SyncPref;
          const sourceId = source(pref.sourceId);
          return sourceId === undefined ? [] : [{ seq: r.seq, kind: 'pref', pref: { ...pref, sourceId }, at: r.at }];
        }
        return [{ seq: r.seq, kind: 'playlist', uid: r.uid, baseVersion: r.base_version, op: forDevice(JSON.parse(r.op) as PlaylistOp, source), at: r.at }];
      });
      const eventRows = eventsSince.all(deviceId, sinceEvent, limit + 1);
      const eventPage = eventRows.slice(0, limit);
      const events: SyncPlayEvent[] = eventPage.flatMap((e) => (e.sourceId === null ? [] : [{
        clientEventId: e.clientEventId, sourceId: e.sourceId, startedAt: e.startedAt, endedAt: e.endedAt, msListened: e.msListened,
        completed: e.completed === 1, source: e.source, sourceRef: e.sourceRef, clientId: e.clientId,
      }]));
      return {
        changes, cursor: page.at(-1)?.seq ?? sinceSeq, events, eventCursor: eventPage.at(-1)?.id ?? sinceEvent,
        more: moreChanges || eventRows.length > limit,
      };
    },
  };
}

/** A stored op (mirror track ids) with the tracks a device has, as its own ids; the others left out. */
function forDevice(op: PlaylistOp, source: (trackId: number) => number | undefined): PlaylistOp {
  if (op.type === 'create') {
    return { ...op, entries: op.entries.flatMap((e) => {
      const sourceId = source(e.sourceId);
      return sourceId === undefined ? [] : [{ ...e, sourceId }];
    }) };
  }
  if (op.type === 'add') {
    const kept = op.sourceIds.map((id, i) => ({ sourceId: source(id), uid: op.entryUids[i] ?? '' })).filter((x) => x.sourceId !== undefined);
    return { ...op, sourceIds: kept.map((x) => x.sourceId as number), entryUids: kept.map((x) => x.uid) };
  }
  return op;
}
