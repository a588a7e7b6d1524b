// Playlists: versioned edits (409 + the current state when stale), idempotent adds, the cover
// mosaic and M3U import/export. Schemas with their types inferred; routes at the end.
import { z } from 'zod';
import { apiError, coverQuery, track, type CoverSize, type Id } from './library.ts';
import { id, idParams } from './fields.ts';
import { versionParam } from './fields.ts';
import { route, type ClientParams } from './route.ts';

const version = z.number().int().min(1);
const position = z.number().int('must be a whole number').min(0, 'must be a position (0 or more)');
const ids = z.array(id).max(10_000);
const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const description = z.string().max(2000, 'must be at most 2000 characters');
/** A playlist's name and description, as every route that writes them checks them (Subsonic's too). */
export const playlistText = { name, description };

export const playlistSummary = z.strictObject({
  id,
  name: z.string(),
  description: z.string(),
  /** Bumped on every edit. Every edit request carries the version it was based on. */
  version,
  trackCount: z.number().int().min(0),
  durationMs: z.number().min(0),
  /** Up to 4 distinct album covers, in playlist order: the mosaic's tiles. */
  coverIds: z.array(id),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type PlaylistSummary = z.infer<typeof playlistSummary>;

export const playlistEntry = z.strictObject({
  /** The entry's own id (the same track may appear twice in a playlist). */
  id,
  /** 0-based position in the playlist. */
  position: z.number().int().min(0),
  track,
  addedAt: z.number(),
});
export type PlaylistEntry = z.infer<typeof playlistEntry>;

export const playlist = playlistSummary.extend({ entries: z.array(playlistEntry) });
export type Playlist = z.infer<typeof playlist>;

/** POST /api/playlists (optional initial tracks). */
export const playlistCreate = z.strictObject({ name, description: description.optional(), trackIds: ids.optional() });
export type PlaylistCreate = z.infer<typeof playlistCreate>;

/** PUT /api/playlists/:id — rename / describe. */
export const playlistUpdate = z.strictObject({ version, name: name.optional(), description: description.optional() });
export type PlaylistUpdate = z.infer<typeof playlistUpdate>;

/**
 * POST /api/playlists/:id/entries — add a track, a selection, or whole albums (the server expands
 * an album into its tracks, in disc/track order). Exactly one of `trackIds` / `albumIds`.
 * `key` is an idempotency key (e.g. a UUID made once per user action): a retry with the same key
 * answers the stored result of the first attempt and never adds twice (`replayed: true`).
 * `version` is optional for an append (appends commute); when given, or when `position` is given,
 * a stale version is a 409.
 */
export const playlistAdd = z.strictObject({
  key: z.string().min(1, 'must not be empty').max(200),
  version: version.optional(),
  trackIds: ids.optional(),
  albumIds: z.array(id).max(1000).optional(),
  /** 0-based insertion point; default the end. */
  position: z.number().int().min(0).optional(),
});
export type PlaylistAdd = z.infer<typeof playlistAdd>;

export const playlistAddResult = z.strictObject({
  playlist,
  /** Ids of the entries this add created (in order). */
  entryIds: z.array(id),
  added: z.number().int().min(0),
  /** True when this answer is the stored result of an earlier request with the same key. */
  replayed: z.boolean(),
});
export type PlaylistAddResult = z.infer<typeof playlistAddResult>;

/** POST /api/playlists/:id/entries/remove */
export const playlistRemove = z.strictObject({ version, entryIds: ids.min(1, 'must not be empty') });
export type PlaylistRemove = z.infer<typeof playlistRemove>;

/** The most entries a playlist holds (and so the most one move or reorder may name). */
export const maxPlaylistEntries = 100_000;

/**
 * POST /api/playlists/:id/entries/move — one atomic move of a selection, contiguous or not: the
 * entries `entryIds` are taken out and put back as one block, in the order given, so the first of
 * them ends up at the 0-based position `to` of the new order (0 = the start, the playlist's length
 * less the number moved = the end). It applies completely or not at all (a stale `version` is a
 * 409 with the current state). The older single-entry shape `{ version, from, to }` (move the entry
 * at position `from` to position `to`) is still accepted and means `entryIds: [entry at from]`.
 */
export const playlistMove = z.strictObject({
  version,
  entryIds: z.array(id).min(1, 'must name at least one entry').max(maxPlaylistEntries, `must name at most ${maxPlaylistEntries} entries`).optional(),
  from: position.optional(),
  to: position,
}).superRefine((body, ctx) => {
  if ((body.entryIds === undefined) === (body.from === undefined)) {
    ctx.addIssue({ code: 'custom', path: body.entryIds ? ['from'] : ['entryIds'], message: 'give exactly one of entryIds (the entries to move) or from (a position)' });
    return;
  }
  const seen = new Set<number>();
  const twice = body.entryIds?.findIndex((e) => seen.size === seen.add(e).size) ?? -1;
  if (twice >= 0) ctx.addIssue({ code: 'custom', path: ['entryIds', twice], message: `entry ${body.entryIds?.[twice]} is named twice` });
});
export type PlaylistMove = z.infer<typeof playlistMove>;

/** PUT /api/playlists/:id/entries — the full new order: a permutation of the current entry ids. */
export const playlistOrder = z.strictObject({ version, entryIds: z.array(id).max(maxPlaylistEntries) });
export type PlaylistOrder = z.infer<typeof playlistOrder>;

/** The 409 body of any playlist edit based on a stale version: refresh from `current`, re-apply. */
export const playlistConflict = apiError.extend({ current: playlist });
export type PlaylistConflict = z.infer<typeof playlistConflict>;

export const m3uFormats = ['m3u', 'm3u8'] as const;
export type M3uFormat = (typeof m3uFormats)[number];
export type M3uPaths = 'relative' | 'absolute';

/** GET /api/playlists/:id/export?format&paths — a file download (Content-Disposition: attachment). */
export const playlistExportQuery = z.object({
  /** Default m3u8 (UTF-8). `m3u` is Latin-1 where possible. */
  format: z.enum(m3uFormats).default('m3u8'),
  /** Default absolute. Relative paths are relative to `base` (required for relative). */
  paths: z.enum(['relative', 'absolute']).default('absolute'),
  base: z.string().min(1).max(4096).optional(),
});
export type PlaylistExportQuery = ClientParams<typeof playlistExportQuery>;

/**
 * POST /api/playlists/import?name&base — the body is the playlist text (Content-Type text/plain,
 * audio/x-mpegurl or application/vnd.apple.mpegurl; UTF-8). `base` resolves relative paths (the
 * folder the .m3u file was in); without it relative entries are matched by tags only.
 */
export const playlistImportQuery = z.object({ name: z.string().max(200).optional(), base: z.string().min(1).max(4096).optional() });
export type PlaylistImportQuery = ClientParams<typeof playlistImportQuery>;

export const m3uUnmatched = z.strictObject({
  /** 1-based line number of the path line in the file. */
  line: z.number().int().min(1),
  path: z.string(),
  /** From #EXTINF, when present. */
  artist: z.string().nullable(),
  title: z.string().nullable(),
  durationMs: z.number().nullable(),
});
export type M3uUnmatched = z.infer<typeof m3uUnmatched>;

export const playlistImportResult = z.strictObject({
  playlist,
  entries: z.number().int().min(0),
  matchedByPath: z.number().int().min(0),
  matchedByTags: z.number().int().min(0),
  unmatched: z.array(m3uUnmatched),
});
export type PlaylistImportResult = z.infer<typeof playlistImportResult>;

const versionQuery = z.object({ version: versionParam });

export const playlistRoutes = {
  playlists: route({ method: 'GET', path: '/api/playlists', response: z.array(playlistSummary) }),
  createPlaylist: route({ method: 'POST', path: '/api/playlists', body: playlistCreate, response: playlist, status: 201 }),
  importPlaylist: route({ method: 'POST', path: '/api/playlists/import', query: playlistImportQuery, rawBody: true, response: playlistImportResult, status: 201 }),
  playlist: route({ method: 'GET', path: '/api/playlists/:id', params: idParams, response: playlist }),
  updatePlaylist: route({ method: 'PUT', path: '/api/playlists/:id', params: idParams, body: playlistUpdate, response: playlist }),
  deletePlaylist: route({ method: 'DELETE', path: '/api/playlists/:id', params: idParams, query: versionQuery, response: 'none' }),
  /** 201, or 200 when replayed. */
  addEntries: route({ method: 'POST', path: '/api/playlists/:id/entries', params: idParams, body: playlistAdd, response: playlistAddResult, status: 201 }),
  orderEntries: route({ method: 'PUT', path: '/api/playlists/:id/entries', params: idParams, body: playlistOrder, response: playlist }),
  removeEntries: route({ method: 'POST', path: '/api/playlists/:id/entries/remove', params: idParams, body: playlistRemove, response: playlist }),
  /** One atomic move of a selection (or, in the older shape, of the entry at a position). */
  moveEntry: route({ method: 'POST', path: '/api/playlists/:id/entries/move', params: idParams, body: playlistMove, response: playlist }),
  /** image/webp 2×2 mosaic of coverIds (404 when none; `v` only busts caches). */
  mosaic: route({ method: 'GET', path: '/api/playlists/:id/mosaic', params: idParams, query: coverQuery, response: 'file' }),
  exportPlaylist: route({ method: 'GET', path: '/api/playlists/:id/export', params: idParams, query: playlistExportQuery, response: 'file' }),
} as const;

export const playlistApi = {
  list: () => '/api/playlists',
  playlist: (id: Id) => `/api/playlists/${id}`,
  entries: (id: Id) => `/api/playlists/${id}/entries`,
  remove: (id: Id) => `/api/playlists/${id}/entries/remove`,
  move: (id: Id) => `/api/playlists/${id}/entries/move`,
  /** `version` only busts the browser cache when the tiles change. */
  mosaic: (id: Id, size: CoverSize = 'medium', version?: number) => `/api/playlists/${id}/mosaic?size=${size}${version === undefined ? '' : `&v=${version}`}`,
  exportFile: (id: Id) => `/api/playlists/${id}/export`,
  importFile: () => '/api/playlists/import',
} as const;
