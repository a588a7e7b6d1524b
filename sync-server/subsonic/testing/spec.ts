// Test helper: zod schemas of the OpenSubsonic responses Tonearm answers, written from the
// spec's field lists (opensubsonic.netlify.app, "Responses"; required fields as the spec marks
// them). Objects are strict: a field the spec doesn't list fails, so a typo can't slip through.
// Also: the XML answer compared with the JSON one (same content, Subsonic's XML conventions).
import { XMLParser } from 'fast-xml-parser';
import { expect } from 'vitest';
import { z } from 'zod';

const int = z.number().int();
const str = z.string();
const bool = z.boolean();
/** ISO 8601 date-time, as the spec's dates. */
const date = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
const opt = <T extends z.ZodType>(t: T) => t.optional();

export const errorSchema = z.object({ code: z.union([0, 10, 20, 30, 40, 41, 42, 43, 44, 50, 60, 70].map((c) => z.literal(c))), message: opt(str), helpUrl: opt(str) }).strict();

const base = {
  status: z.enum(['ok', 'failed']), version: str, type: str, serverVersion: str, openSubsonic: z.literal(true),
};

export const itemGenre = z.object({ name: str }).strict();
export const artistID3 = z.object({
  id: str, name: str, coverArt: opt(str), artistImageUrl: opt(str), albumCount: opt(int), starred: opt(date),
  musicBrainzId: opt(str), sortName: opt(str), disambiguation: opt(str), roles: opt(z.array(str)),
}).strict();
const artistRef = z.object({ id: str, name: str }).strict();
/** ReplayGain: every field optional (left out when unknown), peaks positive. */
export const replayGain = z.object({
  trackGain: opt(z.number()), albumGain: opt(z.number()), trackPeak: opt(z.number().positive()), albumPeak: opt(z.number().positive()),
  baseGain: opt(z.number()), fallbackGain: opt(z.number()),
}).strict();

export const child = z.object({
  id: str, parent: opt(str), isDir: bool, title: str, album: opt(str), artist: opt(str), track: opt(int), year: opt(int),
  genre: opt(str), coverArt: opt(str), size: opt(int), contentType: opt(str), suffix: opt(str), transcodedContentType: opt(str),
  transcodedSuffix: opt(str), duration: opt(int), bitRate: opt(int), bitDepth: opt(int), samplingRate: opt(int),
  channelCount: opt(int), path: opt(str), isVideo: opt(bool), userRating: opt(int.min(1).max(5)), averageRating: opt(z.number()),
  playCount: opt(int), discNumber: opt(int), created: opt(date), starred: opt(date), albumId: opt(str), artistId: opt(str),
  type: opt(z.enum(['music', 'podcast', 'audiobook', 'video'])), mediaType: opt(z.enum(['song', 'album', 'artist'])),
  bookmarkPosition: opt(int), originalWidth: opt(int), originalHeight: opt(int), played: opt(date), bpm: opt(int), comment: opt(str),
  sortName: opt(str), musicBrainzId: opt(str), isrc: opt(z.array(str)), genres: opt(z.array(itemGenre)), artists: opt(z.array(artistRef)),
  displayArtist: opt(str), albumArtists: opt(z.array(artistRef)), displayAlbumArtist: opt(str), contributors: opt(z.array(z.object({ role: str, subRole: opt(str), artist: artistRef }).strict())),
  displayComposer: opt(str), moods: opt(z.array(str)), replayGain: opt(replayGain), explicitStatus: opt(str),
  works: opt(z.array(z.unknown())), movements: opt(z.array(z.unknown())), groupings: opt(z.array(str)),
}).strict();

export const albumID3 = z.object({
  id: str, name: str, version: opt(str), artist: opt(str), artistId: opt(str), coverArt: opt(str), songCount: int, duration: int,
  playCount: opt(int), created: date, starred: opt(date), year: opt(int), genre: opt(str), played: opt(date),
  userRating: opt(int.min(1).max(5)), recordLabels: opt(z.array(z.unknown())), musicBrainzId: opt(str), genres: opt(z.array(itemGenre)),
  artists: opt(z.array(artistRef)), displayArtist: opt(str), releaseTypes: opt(z.array(str)), moods: opt(z.array(str)), sortName: opt(str),
  originalReleaseDate: opt(z.unknown()), releaseDate: opt(z.unknown()), isCompilation: opt(bool), explicitStatus: opt(str),
  discTitles: opt(z.array(z.unknown())),
}).strict();
export const albumWithSongs = albumID3.extend({ song: z.array(child) }).strict();
export const artistWithAlbums = artistID3.extend({ album: z.array(albumID3) }).strict();

/** The folder-style `Artist`. */
export const artist = z.object({
  id: str, name: str, artistImageUrl: opt(str), starred: opt(date), userRating: opt(int.min(1).max(5)), averageRating: opt(z.number()),
}).strict();

export const playlist = z.object({
  id: str, name: str, comment: opt(str), owner: opt(str), public: opt(bool), songCount: int, duration: int, created: date, changed: date,
  coverArt: opt(str), allowedUser: opt(z.array(str)), readonly: opt(bool), validUntil: opt(str),
}).strict();

const nowPlayingEntry = child.extend({
  username: str, minutesAgo: int, playerId: int, playerName: opt(str), state: opt(str), positionMs: opt(int), playbackRate: opt(z.number()),
}).strict();

const line = z.object({ value: str, start: opt(z.number()) }).strict();
const structuredLyrics = z.object({
  lang: str, synced: bool, line: z.array(line), displayArtist: opt(str), displayTitle: opt(str), offset: opt(z.number()),
}).strict();

const user = z.object({
  username: str, scrobblingEnabled: bool, maxBitRate: opt(int), adminRole: bool, settingsRole: bool, downloadRole: bool, uploadRole: bool,
  playlistRole: bool, coverArtRole: bool, commentRole: bool, podcastRole: bool, streamRole: bool, jukeboxRole: bool, shareRole: bool,
  videoConversionRole: bool, avatarLastChanged: opt(date), folder: opt(z.array(int)),
}).strict();
const scanStatus = z.object({ scanning: bool, count: opt(int) }).strict();
const infoFields = { musicBrainzId: opt(str), lastFmUrl: opt(str), smallImageUrl: opt(str), mediumImageUrl: opt(str), largeImageUrl: opt(str) };
/** Similar artists always a list (clients index it), empty when none are known. */
const artistInfo = <T extends z.ZodType>(similar: T) => z.object({ biography: opt(str), ...infoFields, similarArtist: z.array(similar) }).strict();
const albumInfo = z.object({ notes: opt(str), ...infoFields }).strict();

/** The payload schema of each endpoint: the keys an ok answer adds to subsonic-response. */
export const payloads = {
  ping: {},
  getLicense: { license: z.object({ valid: bool, email: opt(str), licenseExpires: opt(date), trialExpires: opt(date) }).strict() },
  getOpenSubsonicExtensions: { openSubsonicExtensions: z.array(z.object({ name: str, versions: z.array(int) }).strict()) },
  getMusicFolders: { musicFolders: z.object({ musicFolder: opt(z.array(z.object({ id: int, name: opt(str) }).strict())) }).strict() },
  getIndexes: {
    indexes: z.object({
      ignoredArticles: str, lastModified: int, shortcut: opt(z.array(artist)), child: opt(z.array(child)),
      index: opt(z.array(z.object({ name: str, artist: opt(z.array(artist)) }).strict())),
    }).strict(),
  },
  getArtists: {
    artists: z.object({ ignoredArticles: opt(str), index: opt(z.array(z.object({ name: str, artist: opt(z.array(artistID3)) }).strict())) }).strict(),
  },
  getArtist: { artist: artistWithAlbums },
  getAlbum: { album: albumWithSongs },
  getSong: { song: child },
  getGenres: { genres: z.object({ genre: opt(z.array(z.object({ value: str, songCount: int, albumCount: int }).strict())) }).strict() },
  getAlbumList2: { albumList2: z.object({ album: opt(z.array(albumID3)) }).strict() },
  getAlbumList: { albumList: z.object({ album: opt(z.array(child)) }).strict() },
  getRandomSongs: { randomSongs: z.object({ song: opt(z.array(child)) }).strict() },
  getSongsByGenre: { songsByGenre: z.object({ song: opt(z.array(child)) }).strict() },
  search3: { searchResult3: z.object({ artist: opt(z.array(artistID3)), album: opt(z.array(albumID3)), song: opt(z.array(child)) }).strict() },
  search2: { searchResult2: z.object({ artist: opt(z.array(artist)), album: opt(z.array(child)), song: opt(z.array(child)) }).strict() },
  getMusicDirectory: {
    directory: z.object({
      id: str, parent: opt(str), name: str, starred: opt(date), userRating: opt(int), averageRating: opt(z.number()), playCount: opt(int),
      child: opt(z.array(child)),
    }).strict(),
  },
  getPlaylists: { playlists: z.object({ playlist: opt(z.array(playlist)) }).strict() },
  getPlaylist: { playlist: playlist.extend({ entry: opt(z.array(child)) }).strict() },
  createPlaylist: { playlist: playlist.extend({ entry: opt(z.array(child)) }).strict() },
  updatePlaylist: {},
  deletePlaylist: {},
  star: {},
  unstar: {},
  setRating: {},
  scrobble: {},
  savePlayQueue: {},
  getStarred2: { starred2: z.object({ artist: opt(z.array(artistID3)), album: opt(z.array(albumID3)), song: opt(z.array(child)) }).strict() },
  getStarred: { starred: z.object({ artist: opt(z.array(artist)), album: opt(z.array(child)), song: opt(z.array(child)) }).strict() },
  getNowPlaying: { nowPlaying: z.object({ entry: z.array(nowPlayingEntry) }).strict() },
  getLyricsBySongId: { lyricsList: z.object({ structuredLyrics: opt(z.array(structuredLyrics)) }).strict() },
  getLyrics: { lyrics: z.object({ value: str, artist: opt(str), title: opt(str) }).strict() },
  getPlayQueue: {
    playQueue: z.object({
      current: opt(str), position: opt(int), username: str, changed: date, changedBy: str, entry: opt(z.array(child)),
    }).strict(),
  },
  getPlayQueueByIndex: {
    playQueueByIndex: z.object({
      currentIndex: opt(int.min(0)), position: opt(int), username: str, changed: date, changedBy: str, entry: opt(z.array(child)),
    }).strict(),
  },
  savePlayQueueByIndex: {},
  getUser: { user },
  getUsers: { users: z.object({ user: z.array(user) }).strict() },
  getArtistInfo2: { artistInfo2: artistInfo(artistID3) },
  getArtistInfo: { artistInfo: artistInfo(artist) },
  getAlbumInfo2: { albumInfo },
  getAlbumInfo: { albumInfo },
  getScanStatus: { scanStatus },
  startScan: { scanStatus },
  tokenInfo: { tokenInfo: z.object({ username: str }).strict() },
  // Lists answered as arrays, empty ones too (clients index them without checking).
  getSimilarSongs: { similarSongs: z.object({ song: z.array(child) }).strict() },
  getSimilarSongs2: { similarSongs2: z.object({ song: z.array(child) }).strict() },
  getTopSongs: { topSongs: z.object({ song: z.array(child) }).strict() },
  getBookmarks: {
    bookmarks: z.object({
      bookmark: z.array(z.object({ position: int, username: str, comment: opt(str), created: date, changed: date, entry: child }).strict()),
    }).strict(),
  },
  createBookmark: {},
  deleteBookmark: {},
  getInternetRadioStations: { internetRadioStations: z.object({ internetRadioStation: z.array(z.never()) }).strict() },
  getPodcasts: { podcasts: z.object({ channel: z.array(z.never()) }).strict() },
  getNewestPodcasts: { newestPodcasts: z.object({ episode: z.array(z.never()) }).strict() },
  getShares: { shares: z.object({ share: z.array(z.never()) }).strict() },
  getVideos: { videos: z.object({ video: z.array(z.never()) }).strict() },
} satisfies Record<string, Record<string, z.ZodType>>;

export type Endpoint = keyof typeof payloads;

/** Validates a JSON `subsonic-response` (ok) against the endpoint's spec; returns it. */
export function expectOk(endpoint: Endpoint, body: unknown): Record<string, unknown> {
  const outer = z.object({ 'subsonic-response': z.record(z.string(), z.unknown()) }).strict().parse(body);
  const response = outer['subsonic-response'];
  const schema = z.object({ ...base, ...payloads[endpoint] }).strict();
  const result = schema.safeParse(response);
  if (!result.success) throw new Error(`${endpoint}: ${JSON.stringify(result.error.issues.slice(0, 5))}\n${JSON.stringify(response).slice(0, 1500)}`);
  expect(response.status).toBe('ok');
  return response;
}

/** Validates a JSON failure and returns its error code. */
export function expectFailure(body: unknown): number {
  const outer = z.object({ 'subsonic-response': z.object({ ...base, error: errorSchema }).strict() }).strict().parse(body);
  expect(outer['subsonic-response'].status).toBe('failed');
  return outer['subsonic-response'].error.code;
}

// ───────────── XML ─────────────

const parser = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false, textNodeName: 'value', htmlEntities: true,
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute, trimValues: false,
});

type Tree = string | Tree[] | { [k: string]: Tree };

/** A JSON answer as fast-xml-parser reads its XML form: every value a string, every element a list. */
function asXmlTree(value: unknown): Tree | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.map((v) => asXmlTree(v) ?? '');
  const out: Record<string, Tree> = {};
  for (const [k, v] of Object.entries(value)) {
    // An empty text is no text node.
    if (v === null || v === undefined || (k === 'value' && v === '')) continue;
    if (Array.isArray(v)) {
      if (v.length === 0) continue;
      out[k] = v.map((x) => (typeof x === 'object' && x !== null ? element(x) : String(x)));
    } else if (typeof v === 'object') out[k] = [element(v)];
    else out[k] = String(v);
  }
  // An element with text only reads as its text.
  const keys = Object.keys(out);
  if (keys.length === 1 && keys[0] === 'value' && typeof out.value === 'string') return out.value;
  return out;
}

function element(v: object): Tree {
  const t = asXmlTree(v);
  return t === undefined ? {} : t;
}

function normalize(t: unknown): unknown {
  if (t === '') return {};
  if (Array.isArray(t)) return t.map(normalize);
  if (typeof t === 'object' && t !== null) return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, normalize(v)]));
  return t;
}

/** Parses an XML answer; checks the root and that it carries exactly the JSON answer's content. */
export function expectXmlMatches(xml: string, json: Record<string, unknown>, options: { keysOnly?: boolean } = {}): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const doc = parser.parse(xml) as Record<string, unknown>;
  const roots = doc['subsonic-response'] as unknown[];
  expect(roots).toHaveLength(1);
  const root = normalize(roots[0]) as Record<string, unknown>;
  expect(root.xmlns).toBe('http://subsonic.org/restapi');
  delete root.xmlns;
  const expected = normalize(asXmlTree(json)) as Record<string, unknown>;
  if (options.keysOnly) {
    expect(Object.keys(root).sort()).toEqual(Object.keys(expected).sort());
    expect(root.status).toBe(expected.status);
  } else expect(root).toEqual(expected);
}
