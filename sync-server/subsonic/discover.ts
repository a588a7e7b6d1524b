// Discovery from the mirror's recommender (app/library/recommend, the one the remote player's
// "similar" and daily mixes use, fed by Subsonic scrobbles too): getSimilarSongs (a song, album or
// artist as the seed), getSimilarSongs2 (an artist), getTopSongs (an artist's most played), and
// getArtistInfo(2) / getAlbumInfo(2): what the library knows (similar artists: the artists of the
// songs similar to the artist's; the album's MusicBrainz id) — no biographies or images from the web.
import { folderArtist } from './browse.ts';
import { missing, notFound } from './envelope.ts';
import { parseId } from './ids.ts';
import type { Call, Handlers, SubsonicServices } from './index.ts';

const maxCount = 500;
/** Seeds taken from an album or artist: its most played tracks, at most this many. */
const maxSeeds = 8;

interface Statements {
  albumMbid(albumId: number): string | null | undefined;
  albumSeeds(albumId: number, limit: number): number[];
  artistSeeds(artistId: number, limit: number): number[];
  artistByName(name: string): number | undefined;
}

const cache = new WeakMap<SubsonicServices, Statements>();

function statements(s: SubsonicServices): Statements {
  const hit = cache.get(s);
  if (hit) return hit;
  const db = s.ctx.catalog.db;
  const album = db.prepare<[number, number], number>(`SELECT t.id FROM tracks t LEFT JOIN track_plays p ON p.track_id = t.id
    WHERE t.album_id = ? ORDER BY coalesce(p.play_count, 0) DESC, t.disc_no, t.track_no, t.id LIMIT ?`).pluck();
  // An artist's tracks (as artist or album artist), most played first, then favorites and ratings.
  const artist = db.prepare<[number, number], number>(`SELECT t.id FROM tracks t
    LEFT JOIN track_plays p ON p.track_id = t.id LEFT JOIN item_prefs f ON f.kind = 'track' AND f.item_id = t.id
    WHERE t.id IN (SELECT track_id FROM track_artists WHERE artist_id = ? AND role IN ('artist', 'albumartist'))
    ORDER BY coalesce(p.play_count, 0) DESC, coalesce(f.favorite, 0) DESC, coalesce(f.rating, 0) DESC, t.year, t.album_id, t.disc_no, t.track_no, t.id
    LIMIT ?`).pluck();
  const byName = db.prepare<[string], number>('SELECT id FROM artists WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 1').pluck();
  const albumMbid = db.prepare<[number], string | null>('SELECT mb_album_id FROM albums WHERE id = ?').pluck();
  const st: Statements = {
    albumMbid: (id) => albumMbid.get(id),
    albumSeeds: (id, limit) => album.all(id, limit),
    artistSeeds: (id, limit) => artist.all(id, limit),
    artistByName: (name) => byName.get(name),
  };
  cache.set(s, st);
  return st;
}

/** The seed tracks an id names: a song itself, an album's or an artist's most played tracks. */
function seedsOf(call: Call, raw: string, bare: 'tr' | 'ar'): number[] {
  const parsed = parseId(raw, bare);
  const { s } = call;
  const st = statements(s);
  switch (parsed?.kind) {
    case 'tr':
      if (s.ctx.queries.tracks.byIds([parsed.id]).length === 1) return [parsed.id];
      break;
    case 'al':
      if (s.ctx.queries.albums.byIds([parsed.id]).length === 1) return st.albumSeeds(parsed.id, maxSeeds);
      break;
    case 'ar':
      if (s.ctx.queries.artists.byIds([parsed.id]).length === 1) return st.artistSeeds(parsed.id, maxSeeds);
      break;
    default:
  }
  throw notFound(`Item ${raw}`);
}

/** An artist id (or a bare number) of the mirror, or error 70. */
function seedArtist(call: Call, raw: string): number {
  const parsed = parseId(raw, 'ar');
  if (parsed?.kind !== 'ar' || call.s.ctx.queries.artists.byIds([parsed.id]).length === 0) throw notFound(`Artist ${raw}`);
  return parsed.id;
}

/** Tracks similar to the seeds (the best score of any seed wins), the seeds themselves left out. */
function similar(call: Call, seeds: number[], count: number): number[] {
  const { recommender } = call.s.ctx.listening;
  const best = new Map<number, number>();
  const own = new Set(seeds);
  for (const seed of seeds) {
    for (const r of recommender.similar(seed, count + seeds.length).tracks) {
      if (own.has(r.track.id)) continue;
      best.set(r.track.id, Math.max(best.get(r.track.id) ?? 0, r.score));
    }
  }
  return [...best].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, count).map(([id]) => id);
}

const songs = (call: Call, ids: number[]) => call.s.shapes.songs(call.s.ctx.queries.tracks.byIds(ids));

/** The artist getArtistInfo(2) is about: an artist id (or a bare number), an album's artist, a song's first artist. */
function infoArtist(call: Call): number {
  const raw = call.params.get('id');
  if (!raw) throw missing('id');
  const parsed = parseId(raw, 'ar');
  const { queries } = call.s.ctx;
  let id: number | undefined;
  switch (parsed?.kind) {
    case 'ar': id = queries.artists.byIds([parsed.id])[0]?.id; break;
    case 'al': id = queries.albums.byId(parsed.id)?.artistId; break;
    case 'tr': {
      const t = queries.tracks.byId(parsed.id);
      id = t?.artists[0]?.id ?? t?.albumArtistId ?? undefined;
      break;
    }
    default:
  }
  if (id === undefined) throw notFound(`Artist ${raw}`);
  return id;
}

/** Artists similar to `artistId`: those of the songs similar to its most played, best first. */
function similarArtists(call: Call, artistId: number, count: number): number[] {
  if (count === 0) return [];
  const seeds = statements(call.s).artistSeeds(artistId, maxSeeds);
  const out = new Set<number>();
  for (const t of call.s.ctx.queries.tracks.byIds(similar(call, seeds, Math.min(maxCount, count * 10)))) {
    for (const a of t.artists) if (a.id !== artistId && out.size < count) out.add(a.id);
  }
  return [...out];
}

function artistInfo(call: Call) {
  const id = infoArtist(call);
  return call.s.shapes.artists(call.s.ctx.queries.artists.byIds(similarArtists(call, id, call.params.int('count', 20, 0, 100))));
}

/** getAlbumInfo(2): an album id (or a bare number), or a song's album. */
function albumInfo(call: Call) {
  const raw = call.params.get('id');
  if (!raw) throw missing('id');
  const parsed = parseId(raw, 'al');
  const { queries } = call.s.ctx;
  const album = parsed?.kind === 'al' ? queries.albums.byId(parsed.id)?.id
    : parsed?.kind === 'tr' ? queries.tracks.byId(parsed.id)?.albumId ?? undefined : undefined;
  if (album === undefined) throw notFound(`Album ${raw}`);
  const mbid = statements(call.s).albumMbid(album);
  return { albumInfo: mbid ? { musicBrainzId: mbid } : {} };
}

export const discoverHandlers: Handlers = {
  json: {
    getSimilarSongs: (call) => {
      const count = call.params.int('count', 50, 0, maxCount);
      const seeds = seedsOf(call, call.params.required('id'), 'tr');
      return { similarSongs: { song: songs(call, similar(call, seeds, count)) } };
    },
    getSimilarSongs2: (call) => {
      const count = call.params.int('count', 50, 0, maxCount);
      const seeds = seedsOf(call, call.params.required('id'), 'ar');
      return { similarSongs2: { song: songs(call, similar(call, seeds, count)) } };
    },
    getTopSongs: (call) => {
      const count = call.params.int('count', 50, 0, maxCount);
      // `id` (OpenSubsonic topSongsByArtistId) before `artist` (a name): an unknown id is 70, an unknown name no songs.
      const byId = call.params.get('id');
      const id = byId ? seedArtist(call, byId) : statements(call.s).artistByName(call.params.required('artist'));
      return { topSongs: { song: id === undefined || count === 0 ? [] : songs(call, statements(call.s).artistSeeds(id, count)) } };
    },
    getArtistInfo2: (call) => ({ artistInfo2: { similarArtist: artistInfo(call) } }),
    getArtistInfo: (call) => ({ artistInfo: { similarArtist: artistInfo(call).map(folderArtist) } }),
    getAlbumInfo2: albumInfo,
    getAlbumInfo: albumInfo,
  },
  raw: {},
};
