// Catalog rows (app/contract shapes) → OpenSubsonic response objects: `Child` (a song),
// `AlbumID3`, `ArtistID3`. What the contract shapes lack (the rendition a client will receive,
// stars, ratings, play counts, album genres, artist sort names) is loaded in batches here.
//
// A song describes what `stream` answers without parameters: the best rendition in storage
// (content type, suffix, size and bit rate are the rendition's, not the original file's).
import type { Db } from '../../app/catalog/index.ts';
import type { Album, Artist, Track, TrackGain } from '../../app/contract/index.ts';
import { albumId, artistId, coverId, trackId } from './ids.ts';
import { pickRendition } from './renditions.ts';
import type { XmlObject } from './xml.ts';

export type Child = XmlObject;
export type AlbumID3 = XmlObject;
export type ArtistID3 = XmlObject;

export const iso = (ms: number | null | undefined): string | undefined => (ms === null || ms === undefined ? undefined : new Date(ms).toISOString());
export const seconds = (ms: number): number => Math.round(ms / 1000);

interface RenditionRow { trackId: number; rung: string; key: string; bytes: number; contentType: string; codec: string; bitrate: number }
interface PrefRow { id: number; favorite: number; rating: number; favoritedAt: number | null }
interface PlayRow { id: number; plays: number; lastPlayedAt: number | null }


export interface BestRendition {
  key: string;
  bytes: number;
  contentType: string;
  codec: string;
  bitrate: number;
  suffix: string;
}

/**
 * OpenSubsonic `replayGain` (on every song, as the spec asks) from Track.gain: ReplayGain 2.0 gains
 * in dB (-18 LUFS reference: tags, or the desktop's EBU R128 measurement) and linear peaks, each
 * only when known — an unknown value is left out, never sent as 0 (a 0 gain tells a client to apply
 * none); a peak must be positive, so digital silence's 0 is left out too. No `baseGain`: the
 * renditions served carry no Opus header gain of their own (a transcode applies it, and the gains
 * already include it). No `fallbackGain`: every track gets measured on its desktop; inventing one
 * would hide that it has not been yet.
 */
export function replayGain(gain: TrackGain | null): XmlObject {
  if (!gain) return {};
  const out: XmlObject = {};
  if (gain.trackGainDb !== null) out.trackGain = gain.trackGainDb;
  if (gain.albumGainDb !== null) out.albumGain = gain.albumGainDb;
  if (gain.trackPeak !== null && gain.trackPeak > 0) out.trackPeak = gain.trackPeak;
  if (gain.albumPeak !== null && gain.albumPeak > 0) out.albumPeak = gain.albumPeak;
  return out;
}

export const suffixOf = (key: string): string => /\.([a-z0-9]{1,8})$/.exec(key)?.[1] ?? 'bin';

export interface Shapes {
  songs(tracks: readonly Track[]): Child[];
  song(track: Track): Child;
  albums(albums: readonly Album[]): AlbumID3[];
  artists(artists: readonly Artist[]): ArtistID3[];
  /** `starred` dates per kind and id (favorites only). */
  starred(kind: 'track' | 'album' | 'artist', ids: readonly number[]): Map<number, number>;
}

/** Rows for the ids in a JSON array parameter, as a map by `id`. */
function byId<T extends { id: number }>(rows: T[]): Map<number, T> {
  return new Map(rows.map((r) => [r.id, r]));
}

function safeSegment(s: string): string {
  return s.replace(/[/\\\u0000-\u001f]/g, '_').trim() || '_';
}

export interface ShapesOptions {
  /** The mirror's change counter (sync-server/mirror): what is derived from the whole library is kept until it moves. */
  generation: () => number;
}

export function createShapes(db: Db, options: ShapesOptions): Shapes {
  const renditions = db.prepare<[string], RenditionRow>(`SELECT r.track_id AS trackId, r.rung, r.key, r.bytes,
      r.content_type AS contentType, r.codec, r.bitrate
    FROM mirror_renditions r WHERE r.track_id IN (SELECT value FROM json_each(?)) AND r.rung <> 'preview'
      AND NOT EXISTS (SELECT 1 FROM mirror_objects o WHERE o.key = r.key AND o.problem IS NOT NULL)`);
  const prefs = db.prepare<[string, string], PrefRow>(`SELECT item_id AS id, favorite, rating, favorited_at AS favoritedAt
    FROM item_prefs WHERE kind = ? AND item_id IN (SELECT value FROM json_each(?))`);
  const trackPlays = db.prepare<[string], PlayRow>(`SELECT track_id AS id, play_count AS plays, last_played_at AS lastPlayedAt
    FROM track_plays WHERE track_id IN (SELECT value FROM json_each(?))`);
  const albumPlays = db.prepare<[string], PlayRow>(`SELECT t.album_id AS id, sum(tp.play_count) AS plays, max(tp.last_played_at) AS lastPlayedAt
    FROM tracks t JOIN track_plays tp ON tp.track_id = t.id
    WHERE t.album_id IN (SELECT value FROM json_each(?)) GROUP BY t.album_id`);
  const albumGenres = db.prepare<[string], { id: number; name: string }>(`SELECT DISTINCT t.album_id AS id, g.name, g.name_key
    FROM tracks t JOIN track_genres tg ON tg.track_id = t.id JOIN genres g ON g.id = tg.genre_id
    WHERE t.album_id IN (SELECT value FROM json_each(?)) ORDER BY t.album_id, g.name_key`);
  // MusicBrainz ids (the song's recording, the album's release), '' when unknown: OpenSubsonic asks a
  // server that supports a field to send it always. Artists have none in a mirror (never published).
  const trackMbids = db.prepare<[string], { id: number; mbid: string | null }>(
    'SELECT id, mb_recording_id AS mbid FROM tracks WHERE id IN (SELECT value FROM json_each(?))');
  const albumMbids = db.prepare<[string], { id: number; mbid: string | null }>(
    'SELECT id, mb_album_id AS mbid FROM albums WHERE id IN (SELECT value FROM json_each(?))');
  const composers = db.prepare<[string], { trackId: number; id: number; name: string }>(`SELECT ta.track_id AS trackId, a.id, a.name
    FROM track_artists ta JOIN artists a ON a.id = ta.artist_id
    WHERE ta.role = 'composer' AND ta.track_id IN (SELECT value FROM json_each(?)) ORDER BY ta.track_id, ta.position`);
  const sortNames = db.prepare<[string], { id: number; sortName: string }>(
    'SELECT id, sort_name AS sortName FROM artists WHERE id IN (SELECT value FROM json_each(?))');
  // The albums each artist appears on without being their album artist (the catalog's `appearsOn`):
  // with its own, what getArtist lists, so every `albumCount` matches that list. One pass over the
  // credits per mirror change (a 10,000-artist index would otherwise pay it on every getArtists).
  const appearsOnCounts = db.prepare<[], { id: number; n: number }>(`SELECT ta.artist_id AS id, count(DISTINCT t.album_id) AS n
    FROM track_artists ta JOIN tracks t ON t.id = ta.track_id JOIN albums x ON x.id = t.album_id
    WHERE ta.role = 'artist' AND x.album_artist_id <> ta.artist_id GROUP BY ta.artist_id`);
  let appearsOn: { generation: number; counts: Map<number, number> } | null = null;
  const appearsOnCount = (id: number): number => {
    const generation = options.generation();
    if (appearsOn?.generation !== generation) appearsOn = { generation, counts: new Map(appearsOnCounts.all().map((r) => [r.id, r.n])) };
    return appearsOn.counts.get(id) ?? 0;
  };

  /** What `stream` answers without parameters (renditions.ts), per track. */
  function best(ids: readonly number[]): Map<number, BestRendition> {
    const byTrack = new Map<number, RenditionRow[]>();
    for (const r of renditions.all(JSON.stringify(ids))) {
      const list = byTrack.get(r.trackId);
      if (list) list.push(r);
      else byTrack.set(r.trackId, [r]);
    }
    const out = new Map<number, BestRendition>();
    for (const [id, list] of byTrack) {
      const r = pickRendition(list)?.pick;
      if (r) out.set(id, { key: r.key, bytes: r.bytes, contentType: r.contentType, codec: r.codec, bitrate: r.bitrate, suffix: suffixOf(r.key) });
    }
    return out;
  }

  const prefsOf = (kind: string, ids: readonly number[]) => byId(ids.length === 0 ? [] : prefs.all(kind, JSON.stringify(ids)));

  function songs(tracks: readonly Track[]): Child[] {
    if (tracks.length === 0) return [];
    const ids = tracks.map((t) => t.id);
    const json = JSON.stringify(ids);
    const rend = best(ids);
    const pref = prefsOf('track', ids);
    const plays = byId(trackPlays.all(json));
    const mbids = byId(trackMbids.all(json));
    const composedBy = new Map<number, Array<{ id: number; name: string }>>();
    for (const c of composers.all(json)) {
      const list = composedBy.get(c.trackId);
      if (list) list.push(c);
      else composedBy.set(c.trackId, [c]);
    }
    return tracks.map((t) => {
      const composer = composedBy.get(t.id) ?? [];
      const r = rend.get(t.id);
      const p = pref.get(t.id);
      const play = plays.get(t.id);
      const suffix = r?.suffix ?? (t.container ?? 'bin').toLowerCase();
      const no = t.trackNo !== null ? `${String(t.trackNo).padStart(2, '0')} - ` : '';
      const child: Child = {
        id: trackId(t.id),
        parent: t.albumId !== null ? albumId(t.albumId) : undefined,
        isDir: false,
        title: t.title,
        album: t.album ?? undefined,
        artist: t.artist,
        track: t.trackNo ?? undefined,
        year: t.year ?? undefined,
        genre: t.genres[0],
        coverArt: coverId(t.coverId),
        size: r?.bytes ?? t.size,
        contentType: r?.contentType ?? 'application/octet-stream',
        suffix,
        duration: seconds(t.durationMs),
        bitRate: r ? Math.round(r.bitrate / 1000) : t.bitrate !== null ? Math.round(t.bitrate / 1000) : undefined,
        samplingRate: t.sampleRate ?? undefined,
        channelCount: t.channels ?? undefined,
        path: `${safeSegment(t.albumArtist ?? t.artist)}/${safeSegment(t.album ?? 'Unknown Album')}/${safeSegment(`${no}${t.title}`)}.${suffix}`,
        isVideo: false,
        userRating: p && p.rating > 0 ? p.rating : undefined,
        playCount: play?.plays ?? 0,
        discNumber: t.discNo ?? undefined,
        created: iso(t.addedAt),
        starred: p?.favorite ? iso(p.favoritedAt ?? 0) : undefined,
        albumId: t.albumId !== null ? albumId(t.albumId) : undefined,
        artistId: t.artists[0] ? artistId(t.artists[0].id) : undefined,
        type: 'music',
        mediaType: 'song',
        played: iso(play?.lastPlayedAt),
        musicBrainzId: mbids.get(t.id)?.mbid ?? '',
        genres: t.genres.map((name) => ({ name })),
        artists: t.artists.map((a) => ({ id: artistId(a.id), name: a.name })),
        displayArtist: t.artist,
        albumArtists: t.albumArtistId !== null && t.albumArtist !== null ? [{ id: artistId(t.albumArtistId), name: t.albumArtist }] : [],
        displayAlbumArtist: t.albumArtist ?? t.artist,
        // The composers as tagged (the only contributor role a catalog keeps); always sent, empty when none.
        contributors: composer.map((a) => ({ role: 'composer', artist: { id: artistId(a.id), name: a.name } })),
        displayComposer: composer.map((a) => a.name).join(', '),
        moods: [],
        replayGain: replayGain(t.gain),
      };
      return child;
    });
  }

  function albums(list: readonly Album[]): AlbumID3[] {
    if (list.length === 0) return [];
    const ids = list.map((a) => a.id);
    const json = JSON.stringify(ids);
    const pref = prefsOf('album', ids);
    const plays = byId(albumPlays.all(json));
    const mbids = byId(albumMbids.all(json));
    const genres = new Map<number, string[]>();
    for (const g of albumGenres.all(json)) {
      const l = genres.get(g.id);
      if (l) l.push(g.name);
      else genres.set(g.id, [g.name]);
    }
    return list.map((a) => {
      const p = pref.get(a.id);
      const play = plays.get(a.id);
      const g = genres.get(a.id) ?? [];
      return {
        id: albumId(a.id),
        name: a.title,
        artist: a.artist,
        artistId: artistId(a.artistId),
        coverArt: coverId(a.coverId),
        songCount: a.trackCount,
        duration: seconds(a.durationMs),
        playCount: play?.plays ?? 0,
        created: iso(a.addedAt),
        starred: p?.favorite ? iso(p.favoritedAt ?? 0) : undefined,
        year: a.year ?? undefined,
        genre: g[0],
        played: iso(play?.lastPlayedAt),
        userRating: p && p.rating > 0 ? p.rating : undefined,
        musicBrainzId: mbids.get(a.id)?.mbid ?? '',
        genres: g.map((name) => ({ name })),
        artists: [{ id: artistId(a.artistId), name: a.artist }],
        displayArtist: a.artist,
        releaseTypes: [a.isCompilation ? 'Compilation' : 'Album'],
        moods: [],
        isCompilation: a.isCompilation,
      };
    });
  }

  function artists(list: readonly Artist[]): ArtistID3[] {
    if (list.length === 0) return [];
    const ids = list.map((a) => a.id);
    const pref = prefsOf('artist', ids);
    const sorts = byId(sortNames.all(JSON.stringify(ids)));
    return list.map((a) => {
      const p = pref.get(a.id);
      return {
        id: artistId(a.id),
        name: a.name,
        coverArt: coverId(a.coverId),
        albumCount: a.albumCount + appearsOnCount(a.id),
        starred: p?.favorite ? iso(p.favoritedAt ?? 0) : undefined,
        sortName: sorts.get(a.id)?.sortName,
      };
    });
  }

  return {
    songs,
    song: (t) => songs([t])[0] as Child,
    albums,
    artists,
    starred(kind, ids) {
      const out = new Map<number, number>();
      for (const [id, p] of prefsOf(kind, ids)) if (p.favorite && p.favoritedAt !== null) out.set(id, p.favoritedAt);
      return out;
    },
  };
}
