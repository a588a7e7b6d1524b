// The library's HTTP contract: browse, search, player state, health and session. Every shape is a
// zod schema with its type inferred from it; routes are declared in ./routes.ts.
import { z } from 'zod';
import { id, idParams, order, pageQuery, positiveParam, idParam, page, epochMs } from './fields.ts';
import { route, type ClientParams } from './route.ts';
import { trackMeta } from '../model/track.ts';

export type Id = number;

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

const nullableInt = z.number().int().nullable();
const nullableNumber = z.number().nullable();

export const artistRef = z.strictObject({ id, name: z.string() });
export type ArtistRef = z.infer<typeof artistRef>;

export { trackGain, type TrackGain } from '../model/track.ts';

/** One line of lyrics; `startMs` is null in unsynced lyrics. */
export const lyricLine = z.strictObject({ startMs: z.number().int().min(0).nullable(), text: z.string() });
export type LyricLine = z.infer<typeof lyricLine>;

/** Lyrics of a track (maps 1:1 to OpenSubsonic `structuredLyrics`). A line shows at `startMs - offsetMs`. */
export const lyrics = z.strictObject({
  synced: z.boolean(),
  /** ISO 639 language code; null when unknown. */
  lang: z.string().nullable(),
  /** LRC `[offset:]`: positive shows lines sooner. */
  offsetMs: z.number().int(),
  lines: z.array(lyricLine),
  source: z.enum(['sidecar', 'embedded']),
});
export type Lyrics = z.infer<typeof lyrics>;

/** A track as the API shows it: the domain shape's fields people see (app/model/track.ts), with ids. */
export const track = trackMeta.pick({
  title: true, artist: true, album: true, albumArtist: true, trackNo: true, discNo: true, year: true, durationMs: true,
  genres: true, container: true, codec: true, lossless: true, bitrate: true, sampleRate: true, bitDepth: true,
  channels: true, addedAt: true, gain: true, hasLyrics: true,
}).extend({
  id,
  /** The credited artists as catalog entities. */
  artists: z.array(artistRef),
  albumId: id.nullable(),
  albumArtistId: id.nullable(),
  /** Bytes of the file (on the sync server: of the largest rendition). */
  size: z.number().min(0),
  coverId: id.nullable(),
}).strict();
export type Track = z.infer<typeof track>;

export const album = z.strictObject({
  id,
  title: z.string(),
  artist: z.string(),
  artistId: id,
  isCompilation: z.boolean(),
  year: nullableInt,
  trackCount: z.number().int().min(0),
  durationMs: z.number().min(0),
  coverId: id.nullable(),
  addedAt: z.number(),
});
export type Album = z.infer<typeof album>;

export const albumDetail = album.extend({ genres: z.array(z.string()), tracks: z.array(track) });
export type AlbumDetail = z.infer<typeof albumDetail>;

export const artist = z.strictObject({
  id,
  name: z.string(),
  albumCount: z.number().int().min(0),
  trackCount: z.number().int().min(0),
  coverId: id.nullable(),
});
export type Artist = z.infer<typeof artist>;

export const artistDetail = artist.extend({
  /** Albums where this artist is the album artist. */
  albums: z.array(album),
  /** Other artists' albums (compilations included) that this artist appears on. */
  appearsOn: z.array(album),
});
export type ArtistDetail = z.infer<typeof artistDetail>;

export const genre = z.strictObject({ id, name: z.string(), trackCount: z.number().int().min(0), albumCount: z.number().int().min(0) });
export type Genre = z.infer<typeof genre>;

export const folder = z.strictObject({
  id,
  name: z.string(),
  path: z.string(),
  parentId: id.nullable(),
  folderCount: z.number().int().min(0),
  trackCount: z.number().int().min(0),
});
export type Folder = z.infer<typeof folder>;

export const folderDetail = folder.extend({ ancestors: z.array(folder), folders: z.array(folder), tracks: z.array(track) });
export type FolderDetail = z.infer<typeof folderDetail>;

export const searchGroups = ['tracks', 'albums', 'artists'] as const;
export type SearchGroup = (typeof searchGroups)[number];

export const searchResult = z.strictObject({
  tracks: z.array(track),
  albums: z.array(album),
  artists: z.array(artist),
  /** Every match per group (the lists above are one page of them). */
  totals: z.strictObject({ tracks: z.number().int().min(0), albums: z.number().int().min(0), artists: z.number().int().min(0) }),
  elapsedMs: z.number().min(0),
});
export type SearchResult = z.infer<typeof searchResult>;

export const repeatMode = z.enum(['off', 'all', 'one']);
export type RepeatMode = z.infer<typeof repeatMode>;

/** Player state kept on the server so a reload or restart resumes where it was. */
export const playerState = z.strictObject({
  queue: z.array(id).max(200_000),
  index: z.number().int().min(0),
  positionMs: z.number().min(0).max(1e10),
  volume: z.number().min(0).max(1),
  muted: z.boolean(),
  shuffle: z.boolean(),
  repeat: repeatMode,
  updatedAt: epochMs,
});
export type PlayerState = z.infer<typeof playerState>;

/** Body of PUT /api/player: any subset of the state; omitted fields keep their value. */
export const playerStateUpdate = playerState.omit({ updatedAt: true }).partial();
export type PlayerStateUpdate = z.infer<typeof playerStateUpdate>;

export const health = z.strictObject({ ok: z.literal(true), version: z.string(), mode: z.enum(['local', 'remote']) });
export type Health = z.infer<typeof health>;

/** GET /api/session: answers 200 when the request carries the secret (cookie or bearer), else 401. */
export const session = z.strictObject({ authenticated: z.literal(true), mode: z.enum(['local', 'remote']), version: z.string() });
export type Session = z.infer<typeof session>;

/** Every error response has this JSON body. */
export const apiError = z.object({
  error: z.strictObject({
    status: z.number().int(),
    message: z.string(),
    /** The request field that failed validation, when there is one. */
    field: z.string().optional(),
  }),
});
export type ApiError = z.infer<typeof apiError>;

export const libraryStats = z.strictObject({
  tracks: z.number().int().min(0),
  albums: z.number().int().min(0),
  artists: z.number().int().min(0),
  genres: z.number().int().min(0),
  durationMs: z.number().min(0),
  bytes: z.number().min(0),
  errors: z.number().int().min(0),
});
export type LibraryStats = z.infer<typeof libraryStats>;

export const trackSortKeys = ['title', 'artist', 'album', 'albumArtist', 'year', 'durationMs', 'trackNo', 'addedAt', 'genre', 'bitrate', 'codec'] as const;
export type TrackSort = (typeof trackSortKeys)[number];
export const albumSortKeys = ['title', 'artist', 'year', 'addedAt'] as const;
export type AlbumSort = (typeof albumSortKeys)[number];
export type SortOrder = z.infer<typeof order>;

export const trackListQuery = pageQuery().extend({
  sort: z.enum(trackSortKeys).default('title'),
  order: order.default('asc'),
  genreId: idParam.optional(),
  /** These tracks only, in this order (unknown ids left out); paging and sort do not apply. */
  ids: z.string().regex(/^[1-9][0-9]{0,14}(,[1-9][0-9]{0,14}){0,999}$/, 'must be up to 1000 comma-separated ids')
    .transform((s) => s.split(',').map(Number)).optional(),
});
export type TrackListQuery = ClientParams<typeof trackListQuery>;

/** Every track id of a list in its order (to play or queue a whole view, never a cut). */
export const trackIdsQuery = z.object({
  sort: z.enum(trackSortKeys).default('title'),
  order: order.default('asc'),
  genreId: idParam.optional(),
});
export type TrackIdsQuery = ClientParams<typeof trackIdsQuery>;
export const trackIds = z.strictObject({ ids: z.array(id) });
export type TrackIds = z.infer<typeof trackIds>;

export const albumListQuery = pageQuery().extend({
  sort: z.enum(albumSortKeys).default('title'),
  order: order.default('asc'),
  genreId: idParam.optional(),
});
export type AlbumListQuery = ClientParams<typeof albumListQuery>;

export const artistListQuery = pageQuery().extend({ order: order.default('asc') });
export type ArtistListQuery = ClientParams<typeof artistListQuery>;
export type RecentQuery = ClientParams<ReturnType<typeof pageQuery>>;

export const searchQuery = z.object({
  q: z.string().max(200, 'must be at most 200 characters'),
  /** Per group (tracks, albums, artists); default 20, max 200. */
  limit: positiveParam(200).default(20),
  /** "Show all": page through one group's matches (the other groups come back empty). */
  group: z.enum(searchGroups).optional(),
  offset: pageQuery().shape.offset,
});
export type SearchQuery = ClientParams<typeof searchQuery>;

export const coverSizes = ['thumb', 'medium', 'full'] as const;
export type CoverSize = (typeof coverSizes)[number];
export const coverQuery = z.object({ size: z.enum(coverSizes).default('medium') });

/** Browse and search: the same on the library server and (over the mirror) the sync server. */
export const browseRoutes = {
  health: route({ method: 'GET', path: '/api/health', response: health }),
  session: route({ method: 'GET', path: '/api/session', response: session }),
  tracks: route({ method: 'GET', path: '/api/tracks', query: trackListQuery, response: page(track) }),
  track: route({ method: 'GET', path: '/api/tracks/:id', params: idParams, response: track }),
  /** Sidecar `.lrc` first, then embedded; synced before unsynced within each; [] when none. */
  lyrics: route({ method: 'GET', path: '/api/tracks/:id/lyrics', params: idParams, response: z.array(lyrics) }),
  trackIds: route({ method: 'GET', path: '/api/track-ids', query: trackIdsQuery, response: trackIds }),
  albums: route({ method: 'GET', path: '/api/albums', query: albumListQuery, response: page(album) }),
  album: route({ method: 'GET', path: '/api/albums/:id', params: idParams, response: albumDetail }),
  artists: route({ method: 'GET', path: '/api/artists', query: artistListQuery, response: page(artist) }),
  artist: route({ method: 'GET', path: '/api/artists/:id', params: idParams, response: artistDetail }),
  genres: route({ method: 'GET', path: '/api/genres', response: z.array(genre) }),
  folders: route({ method: 'GET', path: '/api/folders', response: z.array(folder) }),
  folder: route({ method: 'GET', path: '/api/folders/:id', params: idParams, response: folderDetail }),
  recent: route({ method: 'GET', path: '/api/recent', query: pageQuery(50), response: page(album) }),
  search: route({ method: 'GET', path: '/api/search', query: searchQuery, response: searchResult }),
  stats: route({ method: 'GET', path: '/api/library/stats', response: libraryStats }),
  player: route({ method: 'GET', path: '/api/player', response: playerState }),
  savePlayer: route({ method: 'PUT', path: '/api/player', body: playerStateUpdate.strict(), response: playerState }),
} as const;
