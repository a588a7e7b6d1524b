// Tier 2: playlists, stars, ratings, scrobbles and now playing — wired to
// app/library (playlists, favorites/ratings, play history) over the mirror, which runs the same
// migrations as a desktop catalog. Tonearm is one listener's library: playlists, stars and plays
// are shared by every Subsonic user and device of this server (each playlist's `owner` is the
// caller). The play queue: queue.ts.
import crypto from 'node:crypto';
import { playlistText, type PlayReport, type PlaylistSummary, type RatedKind } from '../../app/contract/index.ts';
import { LibraryError } from '../../app/library/index.ts';
import type { HistoryStore, PlaylistStore, PrefsStore } from '../../app/library/index.ts';
import type { SyncContext } from '../context.ts';
import { albumDir, folderArtist } from './browse.ts';
import { ErrorCode, missing, notFound, SubsonicError } from './envelope.ts';
import { coverId, idOf, parseId, playlistId, trackId, type IdKind } from './ids.ts';
import type { Call, Handlers } from './index.ts';
import { iso, seconds } from './shapes.ts';
import type { XmlObject } from './xml.ts';

export interface LibraryStores {
  readonly playlists: PlaylistStore;
  readonly prefs: PrefsStore;
  readonly history: HistoryStore;
}

/** The mirror's one listening service (sync-server/listening.ts): no second set of stores. */
export function createLibraryStores(ctx: SyncContext): LibraryStores {
  return ctx.listening;
}

const maxStarred = 10_000;

/**
 * A playlist name or comment checked as the library API checks it (trimmed name of 1–200
 * characters, comment ≤ 2000), else error 0 naming the parameter: the desktop's listening sync
 * carries these edits and refuses anything longer, so one over-long name would stop it.
 */
function playlistParam(what: 'name' | 'comment', value: string): string {
  const r = (what === 'name' ? playlistText.name : playlistText.description).safeParse(value);
  if (!r.success) throw new SubsonicError(ErrorCode.generic, `${what}: ${r.error.issues[0]?.message ?? 'invalid'}`);
  return r.data;
}

function playlistShape(p: PlaylistSummary, owner: string): XmlObject {
  return {
    id: playlistId(p.id), name: p.name, comment: p.description || undefined, owner, public: false, songCount: p.trackCount,
    duration: seconds(p.durationMs), created: iso(p.createdAt), changed: iso(p.updatedAt), coverArt: coverId(p.coverIds[0] ?? null),
    readonly: false,
  };
}

function playlistWithSongs(call: Call, id: number): XmlObject {
  const p = call.s.library.playlists.get(id);
  if (!p) throw notFound(`Playlist ${playlistId(id)}`);
  return { ...playlistShape(p, call.user.username), entry: call.s.shapes.songs(p.entries.map((e) => e.track)) };
}

/** Song ids → track ids; an unknown song is error 70. */
export function songIds(call: Call, values: string[]): number[] {
  const ids = values.map((v) => idOf(v, 'tr', 'Song'));
  const known = new Set(call.s.ctx.queries.tracks.byIds([...new Set(ids)]).map((t) => t.id));
  const bad = ids.findIndex((t) => !known.has(t));
  if (bad >= 0) throw notFound(`Song ${values[bad]}`);
  return ids;
}

/** Runs a playlist edit at the current version, retrying once if another edit landed in between. */
function atCurrentVersion<T>(call: Call, id: number, edit: (version: number) => T): T {
  for (let attempt = 0; ; attempt++) {
    const p = call.s.library.playlists.get(id);
    if (!p) throw notFound(`Playlist ${playlistId(id)}`);
    try {
      return edit(p.version);
    } catch (err) {
      if (attempt === 0 && err instanceof LibraryError && err.kind === 'conflict') continue;
      throw err;
    }
  }
}

/**
 * Runs one Subsonic call's playlist edits (a rename, removals, adds) as ONE transaction: the
 * call applies completely or not at all (the stores' own transactions nest as savepoints; their
 * journal entries for the desktop go or stay with them).
 */
function atomically<T>(call: Call, edits: () => T): T {
  return call.s.ctx.catalog.db.transaction(edits).immediate();
}

function replaceEntries(call: Call, id: number, tracks: number[]): void {
  const store = call.s.library.playlists;
  const p = store.get(id);
  if (!p) throw notFound(`Playlist ${playlistId(id)}`);
  if (p.entries.length > 0) atCurrentVersion(call, id, (version) => store.remove(id, { version, entryIds: p.entries.map((e) => e.id) }));
  if (tracks.length > 0) store.add(id, { key: crypto.randomUUID(), trackIds: tracks });
}

const kinds: Record<'tr' | 'al' | 'ar', RatedKind> = { tr: 'track', al: 'album', ar: 'artist' };

/** The rated kind and id an `id` names (a bare number is a song). */
function rated(value: string, bare: IdKind = 'tr'): { kind: RatedKind; id: number } {
  const p = parseId(value, bare);
  if (!p || (p.kind !== 'tr' && p.kind !== 'al' && p.kind !== 'ar')) throw notFound(`Item ${value}`);
  return { kind: kinds[p.kind], id: p.id };
}

function exists(call: Call, item: { kind: RatedKind; id: number }): boolean {
  const q = call.s.ctx.queries;
  return item.kind === 'track' ? q.tracks.byId(item.id) !== undefined
    : item.kind === 'album' ? q.albums.byId(item.id) !== undefined : q.artists.byId(item.id) !== undefined;
}

function star(call: Call, favorite: boolean): Record<string, never> {
  const { params } = call;
  const items = [
    ...params.getAll('id').map((v) => rated(v)),
    ...params.getAll('albumId').map((v) => rated(v, 'al')),
    ...params.getAll('artistId').map((v) => rated(v, 'ar')),
  ];
  if (items.length === 0) throw missing('id, albumId or artistId');
  for (const item of items) if (!exists(call, item)) throw notFound(`${item.kind} ${item.id}`);
  for (const item of items) call.s.library.prefs.set(item.kind, item.id, { favorite });
  return {};
}

function starred(call: Call) {
  const { prefs } = call.s.library;
  const page = { offset: 0, limit: maxStarred };
  return {
    artists: call.s.shapes.artists(prefs.favoriteArtists(page).items),
    albums: call.s.shapes.albums(prefs.favoriteAlbums(page).items),
    songs: call.s.shapes.songs(prefs.favoriteTracks(page).items),
  };
}

export const libraryHandlers: Handlers = {
  json: {
    getPlaylists: (call) => ({
      playlists: { playlist: call.s.library.playlists.list().map((p) => playlistShape(p, call.user.username)) },
    }),
    getPlaylist: (call) => ({ playlist: playlistWithSongs(call, idOf(call.params.required('id'), 'pl', 'Playlist')) }),
    createPlaylist: (call) => {
      const { params, s } = call;
      const tracks = songIds(call, params.getAll('songId'));
      const existing = params.get('playlistId');
      if (existing) {
        const id = idOf(existing, 'pl', 'Playlist');
        const given = params.get('name');
        const name = given ? playlistParam('name', given) : undefined;
        atomically(call, () => {
          replaceEntries(call, id, tracks);
          if (name) atCurrentVersion(call, id, (version) => s.library.playlists.update(id, { version, name }));
        });
        return { playlist: playlistWithSongs(call, id) };
      }
      const given = params.get('name');
      if (!given) throw missing('name (or playlistId)');
      const name = playlistParam('name', given);
      const created = s.library.playlists.create({ name, ...(tracks.length > 0 ? { trackIds: tracks } : {}) });
      return { playlist: playlistWithSongs(call, created.id) };
    },
    updatePlaylist: (call) => {
      const { params, s } = call;
      const id = idOf(params.required('playlistId'), 'pl', 'Playlist');
      const store = s.library.playlists;
      if (!store.get(id)) throw notFound(`Playlist ${playlistId(id)}`);
      // Every parameter is checked before anything is written; then the whole update is one transaction.
      const add = songIds(call, params.getAll('songIdToAdd'));
      const givenName = params.get('name');
      const name = givenName !== undefined && givenName !== '' ? playlistParam('name', givenName) : undefined;
      const givenComment = params.get('comment');
      const comment = givenComment !== undefined ? playlistParam('comment', givenComment) : undefined;
      const removeAt = params.getAll('songIndexToRemove').map((v) => {
        if (!/^[0-9]{1,9}$/.test(v)) throw new SubsonicError(ErrorCode.generic, `songIndexToRemove must be an index: ${v}`);
        return Number(v);
      });
      atomically(call, () => {
        if (name !== undefined || comment !== undefined) {
          atCurrentVersion(call, id, (version) => store.update(id, {
            version, ...(name !== undefined ? { name } : {}), ...(comment !== undefined ? { description: comment } : {}),
          }));
        }
        if (removeAt.length > 0) {
          atCurrentVersion(call, id, (version) => {
            const p = store.get(id);
            const entryIds = [...new Set(removeAt)].map((i) => p?.entries[i]?.id).filter((e): e is number => e !== undefined);
            return entryIds.length > 0 ? store.remove(id, { version, entryIds }) : undefined;
          });
        }
        if (add.length > 0) store.add(id, { key: crypto.randomUUID(), trackIds: add });
      });
      return {};
    },
    deletePlaylist: (call) => {
      const id = idOf(call.params.required('id'), 'pl', 'Playlist');
      atCurrentVersion(call, id, (version) => call.s.library.playlists.delete(id, version));
      return {};
    },
    star: (call) => star(call, true),
    unstar: (call) => star(call, false),
    setRating: (call) => {
      const item = rated(call.params.required('id'));
      const rating = call.params.requiredInt('rating');
      if (rating < 0 || rating > 5) throw new SubsonicError(ErrorCode.generic, 'rating must be 0–5');
      if (!exists(call, item)) throw notFound(`${item.kind} ${item.id}`);
      call.s.library.prefs.set(item.kind, item.id, { rating });
      return {};
    },
    getStarred2: (call) => {
      const r = starred(call);
      return { starred2: { artist: r.artists, album: r.albums, song: r.songs } };
    },
    getStarred: (call) => {
      const r = starred(call);
      return { starred: { artist: r.artists.map(folderArtist), album: r.albums.map(albumDir), song: r.songs } };
    },
    scrobble: (call) => {
      const { params, s, user } = call;
      const ids = songIds(call, params.getAll('id').length > 0 ? params.getAll('id') : [params.required('id')]);
      const times = params.getAll('time');
      const submission = params.bool('submission', true);
      const now = s.now();
      if (!submission) {
        const last = ids.at(-1);
        if (last !== undefined) s.nowPlaying.set(user.username, { trackId: last, client: call.client, at: now });
        return {};
      }
      const tracks = new Map(s.ctx.queries.tracks.byIds([...new Set(ids)]).map((t) => [t.id, t]));
      const plays: PlayReport[] = ids.map((id, i) => {
        const at = times[i] && /^[0-9]{1,15}$/.test(times[i] ?? '') ? Number(times[i]) : now;
        const durationMs = tracks.get(id)?.durationMs ?? 0;
        return {
          clientEventId: `subsonic:${user.username}:${id}:${at}`, trackId: id, startedAt: at, msListened: durationMs,
          completed: true, endedAt: at + durationMs, source: 'other', sourceId: 'subsonic', clientId: call.client || 'subsonic',
        };
      });
      s.library.history.record(plays);
      const np = s.nowPlaying.get(user.username);
      if (np && ids.includes(np.trackId)) s.nowPlaying.delete(user.username);
      return {};
    },
    getNowPlaying: (call) => {
      const { s } = call;
      const now = s.now();
      const entries: XmlObject[] = [];
      for (const [username, np] of s.nowPlaying) {
        if (now - np.at > 15 * 60_000) {
          s.nowPlaying.delete(username);
          continue;
        }
        const t = s.ctx.queries.tracks.byId(np.trackId);
        if (!t) continue;
        entries.push({ ...s.shapes.song(t), username, minutesAgo: Math.floor((now - np.at) / 60_000), playerId: 0, playerName: np.client });
      }
      return { nowPlaying: { entry: entries } };
    },
  },
  raw: {},
};
