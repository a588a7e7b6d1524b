// Browsing and searching (ID3 and folder style): music folders, indexes, artists, albums, songs,
// genres, album lists of every type, random songs, songs by genre, search3 (and search2).
// Rows come from app/catalog/queries; id lists for orders those queries don't offer come from
// small SQL statements here.
import type { Album, ArtistDetail, Track } from '../../app/contract/index.ts';
import { fold, sortKey } from '../../app/text/fold.ts';
import { ErrorCode, missing, notFound, SubsonicError } from './envelope.ts';
import { albumId, artistId, idOf, parseId } from './ids.ts';
import type { Call, Handlers, SubsonicServices } from './index.ts';
import type { AlbumID3, ArtistID3, Child } from './shapes.ts';
import type { XmlObject } from './xml.ts';

export const musicFolder = { id: 1, name: 'Music' };
export const ignoredArticles = 'The A An Les La Le Los Las El Die Der Das';
/** Upper bound of one page of search3 / getAlbumList2 etc. (clients syncing with search3 ask for big pages). */
const maxPage = 50_000;
const maxQuery = 200;

const albumListTypes = ['random', 'newest', 'highest', 'frequent', 'recent', 'alphabeticalByName', 'alphabeticalByArtist', 'starred', 'byYear', 'byGenre'] as const;
type AlbumListType = (typeof albumListTypes)[number];

interface Statements {
  albumArtists: () => number[];
  lastChange: () => number;
  random: (limit: number) => number[];
  highest: (limit: number, offset: number) => number[];
  frequent: (limit: number, offset: number) => number[];
  recent: (limit: number, offset: number) => number[];
  starred: (limit: number, offset: number) => number[];
  byYear: (from: number, to: number, desc: boolean, limit: number, offset: number) => number[];
  genreId: (name: string) => number | undefined;
  allArtists: (limit: number, offset: number) => number[];
  allAlbums: (limit: number, offset: number) => number[];
  allTracks: (limit: number, offset: number) => number[];
  randomTracks: (q: { genre: string | null; from: number | null; to: number | null; limit: number }) => number[];
  composedAlbums: (artistId: number) => number[];
}

const cache = new WeakMap<SubsonicServices, Statements>();

function statements(s: SubsonicServices): Statements {
  const hit = cache.get(s);
  if (hit) return hit;
  const db = s.ctx.catalog.db;
  const ids = (sql: string) => db.prepare<unknown[], number>(sql).pluck();
  const albumArtists = ids(`SELECT a.id FROM artists a WHERE EXISTS (SELECT 1 FROM albums x WHERE x.album_artist_id = a.id)
    ORDER BY a.sort_name, a.id`);
  const lastChange = db.prepare<[], number | null>('SELECT max(at) FROM mirror_changes').pluck();
  const random = ids('SELECT id FROM albums ORDER BY random() LIMIT ?');
  const highest = ids(`SELECT al.id FROM albums al JOIN item_prefs p ON p.kind = 'album' AND p.item_id = al.id AND p.rating > 0
    ORDER BY p.rating DESC, al.title COLLATE NOCASE, al.id LIMIT ? OFFSET ?`);
  const frequent = ids(`SELECT t.album_id FROM track_plays tp JOIN tracks t ON t.id = tp.track_id WHERE t.album_id IS NOT NULL
    GROUP BY t.album_id HAVING sum(tp.play_count) > 0 ORDER BY sum(tp.play_count) DESC, t.album_id LIMIT ? OFFSET ?`);
  const recent = ids(`SELECT t.album_id FROM track_plays tp JOIN tracks t ON t.id = tp.track_id WHERE t.album_id IS NOT NULL
    GROUP BY t.album_id HAVING max(tp.last_played_at) IS NOT NULL ORDER BY max(tp.last_played_at) DESC, t.album_id LIMIT ? OFFSET ?`);
  const starred = ids(`SELECT al.id FROM item_prefs p JOIN albums al ON al.id = p.item_id WHERE p.kind = 'album' AND p.favorite = 1
    ORDER BY p.favorited_at DESC, al.id DESC LIMIT ? OFFSET ?`);
  const yearAsc = ids('SELECT id FROM albums WHERE year BETWEEN ? AND ? ORDER BY year, title COLLATE NOCASE, id LIMIT ? OFFSET ?');
  const yearDesc = ids('SELECT id FROM albums WHERE year BETWEEN ? AND ? ORDER BY year DESC, title COLLATE NOCASE, id LIMIT ? OFFSET ?');
  const genre = db.prepare<[string, string], number>('SELECT id FROM genres WHERE name = ? COLLATE NOCASE OR name_key = ? ORDER BY id LIMIT 1').pluck();
  const allArtists = ids(`SELECT a.id FROM artists a WHERE EXISTS (SELECT 1 FROM track_artists ta WHERE ta.artist_id = a.id AND ta.role IN ('artist', 'albumartist'))
    OR EXISTS (SELECT 1 FROM albums x WHERE x.album_artist_id = a.id) ORDER BY a.id LIMIT ? OFFSET ?`);
  const allAlbums = ids('SELECT id FROM albums ORDER BY id LIMIT ? OFFSET ?');
  const allTracks = ids('SELECT id FROM tracks ORDER BY id LIMIT ? OFFSET ?');
  const randomTracks = db.prepare<[{ genre: string | null; from: number | null; to: number | null; limit: number }], number>(`SELECT t.id FROM tracks t
    WHERE (@genre IS NULL OR t.id IN (SELECT tg.track_id FROM track_genres tg JOIN genres g ON g.id = tg.genre_id WHERE g.name = @genre COLLATE NOCASE))
      AND (@from IS NULL OR t.year >= @from) AND (@to IS NULL OR t.year <= @to)
    ORDER BY random() LIMIT @limit`).pluck();
  const composedAlbums = ids(`SELECT DISTINCT al.id FROM track_artists ta JOIN tracks t ON t.id = ta.track_id JOIN albums al ON al.id = t.album_id
    WHERE ta.artist_id = ? AND ta.role = 'composer' ORDER BY al.year, al.title COLLATE NOCASE, al.id`);
  const st: Statements = {
    composedAlbums: (id) => composedAlbums.all(id),
    albumArtists: () => albumArtists.all(),
    lastChange: () => lastChange.get() ?? 0,
    random: (limit) => random.all(limit),
    highest: (l, o) => highest.all(l, o),
    frequent: (l, o) => frequent.all(l, o),
    recent: (l, o) => recent.all(l, o),
    starred: (l, o) => starred.all(l, o),
    byYear: (from, to, desc, l, o) => (desc ? yearDesc : yearAsc).all(from, to, l, o),
    genreId: (name) => genre.get(name, fold(name)),
    allArtists: (l, o) => allArtists.all(l, o),
    allAlbums: (l, o) => allAlbums.all(l, o),
    allTracks: (l, o) => allTracks.all(l, o),
    randomTracks: (q) => randomTracks.all(q),
  };
  cache.set(s, st);
  return st;
}

/** The index letter of a sort name: A–Z, else `#`. */
export function indexLetter(sortName: string): string {
  const c = sortKey(sortName).charAt(0).toUpperCase();
  return /^[A-Z]$/.test(c) ? c : '#';
}

function groupArtists(list: ArtistID3[], shape: (a: ArtistID3) => XmlObject): XmlObject[] {
  const groups = new Map<string, XmlObject[]>();
  for (const a of list) {
    const letter = indexLetter(String(a.sortName ?? a.name ?? ''));
    const g = groups.get(letter);
    if (g) g.push(shape(a));
    else groups.set(letter, [shape(a)]);
  }
  return [...groups.keys()].sort((x, y) => (x === '#' ? 1 : y === '#' ? -1 : x < y ? -1 : 1))
    .map((name) => ({ name, artist: groups.get(name) ?? [] }));
}

/** The `Artist` shape of folder-style answers (getIndexes, search2, getStarred). */
export const folderArtist = (a: ArtistID3): XmlObject => ({ id: a.id, name: a.name, starred: a.starred });

/** An album as a folder-style `Child` directory (getAlbumList, getMusicDirectory, search2, getStarred). */
export function albumDir(a: AlbumID3): Child {
  return {
    id: a.id, parent: a.artistId, isDir: true, title: a.name, album: a.name, artist: a.artist, year: a.year,
    genre: a.genre, coverArt: a.coverArt, duration: a.duration, playCount: a.playCount, created: a.created, starred: a.starred,
    userRating: a.userRating, artistId: a.artistId, isVideo: false, played: a.played, musicBrainzId: a.musicBrainzId, mediaType: 'album',
  };
}

const trackPage = (s: SubsonicServices, ids: number[]): Track[] => s.ctx.queries.tracks.byIds(ids);
const albumPage = (s: SubsonicServices, ids: number[]): Album[] => s.ctx.queries.albums.byIds(ids);

function albumList(call: Call): AlbumID3[] {
  const { params, s } = call;
  const type = params.required('type');
  if (!(albumListTypes as readonly string[]).includes(type)) throw new SubsonicError(ErrorCode.generic, `Unknown album list type: ${type}`);
  const size = params.int('size', 10, 0, 500);
  const offset = params.int('offset', 0, 0);
  const st = statements(s);
  const { albums } = s.ctx.queries;
  let list: Album[];
  switch (type as AlbumListType) {
    case 'random': list = albumPage(s, st.random(size)); break;
    case 'newest': list = albums.recent({ offset, limit: size }).items; break;
    case 'highest': list = albumPage(s, st.highest(size, offset)); break;
    case 'frequent': list = albumPage(s, st.frequent(size, offset)); break;
    case 'recent': list = albumPage(s, st.recent(size, offset)); break;
    case 'alphabeticalByName': list = albums.page({ offset, limit: size, sort: 'title', order: 'asc' }).items; break;
    case 'alphabeticalByArtist': list = albums.page({ offset, limit: size, sort: 'artist', order: 'asc' }).items; break;
    case 'starred': list = albumPage(s, st.starred(size, offset)); break;
    case 'byYear': {
      if (!params.get('fromYear')) throw missing('fromYear');
      if (!params.get('toYear')) throw missing('toYear');
      const from = params.requiredInt('fromYear');
      const to = params.requiredInt('toYear');
      list = albumPage(s, st.byYear(Math.min(from, to), Math.max(from, to), from > to, size, offset));
      break;
    }
    case 'byGenre': {
      const genre = params.required('genre');
      const id = st.genreId(genre);
      list = id === undefined ? [] : albums.page({ offset, limit: size, sort: 'title', order: 'asc', genreId: id }).items;
      break;
    }
  }
  return s.shapes.albums(list);
}

function song(call: Call): Track {
  const id = idOf(call.params.required('id'), 'tr', 'Song');
  const t = call.s.ctx.queries.tracks.byId(id);
  if (!t) throw notFound(`Song ${call.params.required('id')}`);
  return t;
}

/** search3's query: surrounding quotes and `*` wildcards dropped (clients send `""` and `*` for "everything"). */
export function searchTerms(raw: string | undefined): string {
  return (raw ?? '').trim().replace(/^(["'])(.*)\1$/s, '$2').replace(/\*/g, ' ').trim();
}

interface SearchPage {
  artists: ArtistID3[];
  albums: AlbumID3[];
  songs: Child[];
}

function search(call: Call): SearchPage {
  const { params, s } = call;
  const q = searchTerms(params.get('query') ?? params.get('any'));
  // The library API's bound (app/contract): a query is words someone typed, not a document.
  if (q.length > maxQuery) throw new SubsonicError(ErrorCode.generic, `query must be at most ${maxQuery} characters`);
  const page = (prefix: string) => ({ count: params.int(`${prefix}Count`, 20, 0, maxPage), offset: params.int(`${prefix}Offset`, 0, 0) });
  const ar = page('artist');
  const al = page('album');
  const so = page('song');
  const { queries } = s.ctx;
  const st = statements(s);
  if (q === '') {
    // Everything, in id order: stable pages for clients that sync the whole library this way.
    return {
      artists: ar.count ? s.shapes.artists(queries.artists.byIds(st.allArtists(ar.count, ar.offset))) : [],
      albums: al.count ? s.shapes.albums(queries.albums.byIds(st.allAlbums(al.count, al.offset))) : [],
      songs: so.count ? s.shapes.songs(queries.tracks.byIds(st.allTracks(so.count, so.offset))) : [],
    };
  }
  const limit = Math.min(maxPage, Math.max(ar.offset + ar.count, al.offset + al.count, so.offset + so.count));
  const hits = limit > 0 ? s.ctx.search.search(q, limit) : { artists: [], albums: [], tracks: [] };
  const slice = (ids: number[], p: { count: number; offset: number }) => ids.slice(p.offset, p.offset + p.count);
  return {
    artists: s.shapes.artists(queries.artists.byIds(slice(hits.artists, ar))),
    albums: s.shapes.albums(queries.albums.byIds(slice(hits.albums, al))),
    songs: s.shapes.songs(queries.tracks.byIds(slice(hits.tracks, so))),
  };
}

/** An artist credited only as a composer (songs name them in `contributors`): the albums holding
 *  the songs they composed, as the albums it appears on. */
function composerDetail(call: Call, id: number): ArtistDetail | undefined {
  const artist = call.s.ctx.queries.artists.byIds([id])[0];
  if (!artist) return undefined;
  return { ...artist, albums: [], appearsOn: albumPage(call.s, statements(call.s).composedAlbums(id)) };
}

/** An artist with its albums, then (unless `ownOnly`: the folder tree) the albums it appears on. */
function artistWithAlbums(call: Call, id: number, options: { ownOnly?: boolean } = {}): { artist: ArtistID3; albums: AlbumID3[] } {
  const { s } = call;
  const detail = s.ctx.queries.artists.detail(id) ?? composerDetail(call, id);
  if (!detail) throw notFound(`Artist ${call.params.get('id') ?? id}`);
  const seen = new Set<number>();
  const albums = [...detail.albums, ...(options.ownOnly ? [] : detail.appearsOn)].filter((a) => !seen.has(a.id) && seen.add(a.id));
  const [artist] = s.shapes.artists([detail]);
  return { artist: { ...(artist as ArtistID3), albumCount: albums.length }, albums: s.shapes.albums(albums) };
}

function indexes(call: Call): { lastModified: number; all: ArtistID3[] } {
  const { s } = call;
  const st = statements(s);
  const lastModified = st.lastChange();
  const since = call.params.int('ifModifiedSince', 0, 0);
  if (since > 0 && since >= lastModified) return { lastModified, all: [] };
  const all = s.shapes.artists(s.ctx.queries.artists.byIds(st.albumArtists()));
  return { lastModified, all };
}

export const browseHandlers: Handlers = {
  json: {
    getMusicFolders: () => ({ musicFolders: { musicFolder: [musicFolder] } }),
    getIndexes: (call) => {
      const { lastModified, all } = indexes(call);
      return { indexes: { ignoredArticles, lastModified, index: groupArtists(all, folderArtist) } };
    },
    getArtists: (call) => {
      const { all } = indexes(call);
      return { artists: { ignoredArticles, index: groupArtists(all, (a) => a) } };
    },
    getArtist: (call) => {
      const { artist, albums } = artistWithAlbums(call, idOf(call.params.required('id'), 'ar', 'Artist'));
      return { artist: { ...artist, album: albums } };
    },
    getAlbum: (call) => {
      const id = idOf(call.params.required('id'), 'al', 'Album');
      const detail = call.s.ctx.queries.albums.detail(id);
      if (!detail) throw notFound(`Album ${call.params.required('id')}`);
      const [album] = call.s.shapes.albums([detail]);
      return { album: { ...album, song: call.s.shapes.songs(detail.tracks) } };
    },
    getSong: (call) => ({ song: call.s.shapes.song(song(call)) }),
    getGenres: ({ s }) => ({
      genres: { genre: s.ctx.queries.genres.all().map((g) => ({ songCount: g.trackCount, albumCount: g.albumCount, value: g.name })) },
    }),
    getAlbumList2: (call) => ({ albumList2: { album: albumList(call) } }),
    getAlbumList: (call) => ({ albumList: { album: albumList(call).map(albumDir) } }),
    getRandomSongs: ({ params, s }) => {
      const limit = params.int('size', 10, 0, 500);
      let from = params.get('fromYear') ? params.int('fromYear', 0) : null;
      let to = params.get('toYear') ? params.int('toYear', 0) : null;
      // A range given the other way round (as getAlbumList2's byYear allows) is the same range.
      if (from !== null && to !== null && from > to) [from, to] = [to, from];
      const ids = statements(s).randomTracks({ genre: params.get('genre') || null, from, to, limit });
      return { randomSongs: { song: s.shapes.songs(trackPage(s, ids)) } };
    },
    getSongsByGenre: ({ params, s }) => {
      const genre = params.required('genre');
      const count = params.int('count', 10, 0, 500);
      const offset = params.int('offset', 0, 0);
      const id = statements(s).genreId(genre);
      const tracks = id === undefined || count === 0 ? [] : s.ctx.queries.tracks.page({ offset, limit: count, sort: 'artist', order: 'asc', genreId: id }).items;
      return { songsByGenre: { song: s.shapes.songs(tracks) } };
    },
    search3: (call) => {
      const r = search(call);
      return { searchResult3: { artist: r.artists, album: r.albums, song: r.songs } };
    },
    search2: (call) => {
      const r = search(call);
      return { searchResult2: { artist: r.artists.map(folderArtist), album: r.albums.map(albumDir), song: r.songs } };
    },
    getMusicDirectory: (call) => {
      const raw = call.params.required('id');
      if (raw === String(musicFolder.id)) {
        const { all } = indexes(call);
        return { directory: { id: raw, name: musicFolder.name, child: all.map((a) => ({ id: a.id, parent: raw, isDir: true, title: a.name, artist: a.name, coverArt: a.coverArt, starred: a.starred, mediaType: 'artist' })) } };
      }
      const parsed = parseId(raw);
      if (parsed?.kind === 'ar') {
        // A folder tree: each album once, under its album artist (not under every artist on it).
        const { artist, albums } = artistWithAlbums(call, parsed.id, { ownOnly: true });
        return { directory: { id: artist.id, parent: String(musicFolder.id), name: artist.name, starred: artist.starred, child: albums.map(albumDir) } };
      }
      if (parsed?.kind === 'al') {
        const detail = call.s.ctx.queries.albums.detail(parsed.id);
        if (!detail) throw notFound(`Directory ${raw}`);
        const [album] = call.s.shapes.albums([detail]);
        return {
          directory: {
            id: albumId(detail.id), parent: artistId(detail.artistId), name: detail.title, starred: album?.starred, playCount: album?.playCount,
            child: call.s.shapes.songs(detail.tracks),
          },
        };
      }
      throw notFound(`Directory ${raw}`);
    },
  },
  raw: {},
};
