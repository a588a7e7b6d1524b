// Bookmarks (a position within a song, for resuming long tracks, DJ mixes, audiobooks): createBookmark,
// deleteBookmark, getBookmarks. Personal, as the spec says: each Subsonic user (or API key) sees its
// own. One per song and user — creating it again moves it. Kept in the mirror's settings, at most
// `maxPerUser` per user (the least recently changed go first); a bookmark whose song left the
// mirror is not answered.
import { ErrorCode, missing, notFound, SubsonicError } from './envelope.ts';
import { idOf, trackId } from './ids.ts';
import type { Call, Handlers } from './index.ts';
import { iso } from './shapes.ts';

const maxPerUser = 1000;
const maxComment = 1000;

interface Bookmark {
  trackId: number;
  positionMs: number;
  comment: string;
  createdAt: number;
  changedAt: number;
}

// By the caller's device (a Subsonic user's password and API key are one device; the admin token
// none): a user deleted and made again under the same name starts without the old one's bookmarks.
const keyOf = (call: Call) => `subsonic.bookmarks:${call.user.deviceId ?? 'admin'}`;
const load = (call: Call): Bookmark[] => call.s.ctx.catalog.settings.get<Bookmark[]>(keyOf(call), []);
const save = (call: Call, list: Bookmark[]) => call.s.ctx.catalog.settings.set(keyOf(call), list);

/** The song an `id` names, or error 10 / 70. */
function songOf(call: Call): number {
  const raw = call.params.get('id');
  if (!raw) throw missing('id');
  const id = idOf(raw, 'tr', 'Song');
  if (!call.s.ctx.queries.tracks.byId(id)) throw notFound(`Song ${raw}`);
  return id;
}

export const bookmarkHandlers: Handlers = {
  json: {
    createBookmark: (call) => {
      const song = songOf(call);
      if (!call.params.get('position')) throw missing('position');
      const positionMs = call.params.int('position', 0);
      if (positionMs < 0) throw new SubsonicError(ErrorCode.generic, 'position must be 0 or more (milliseconds)');
      const now = call.s.now();
      const list = load(call);
      const old = list.find((b) => b.trackId === song);
      const next: Bookmark = {
        trackId: song, positionMs, comment: (call.params.get('comment') ?? '').slice(0, maxComment), createdAt: old?.createdAt ?? now, changedAt: now,
      };
      const kept = list.filter((b) => b.trackId !== song).sort((a, b) => b.changedAt - a.changedAt).slice(0, maxPerUser - 1);
      save(call, [next, ...kept]);
      return {};
    },
    deleteBookmark: (call) => {
      const song = songOf(call);
      const list = load(call);
      if (list.some((b) => b.trackId === song)) save(call, list.filter((b) => b.trackId !== song));
      return {};
    },
    getBookmarks: (call) => {
      const list = load(call).sort((a, b) => b.changedAt - a.changedAt);
      const songs = new Map(call.s.shapes.songs(call.s.ctx.queries.tracks.byIds(list.map((b) => b.trackId))).map((c) => [c.id, c]));
      const bookmark = list.flatMap((b) => {
        const entry = songs.get(trackId(b.trackId));
        return entry ? [{
          position: b.positionMs, username: call.user.username, comment: b.comment || undefined, created: iso(b.createdAt), changed: iso(b.changedAt),
          entry,
        }] : [];
      });
      return { bookmarks: { bookmark } };
    },
  },
  raw: {},
};
