// Lyrics for Subsonic apps, from the mirror's lyrics (what each desktop published with its tracks:
// sidecar .lrc and embedded, in the desktop's order):
// - `getLyricsBySongId` (OpenSubsonic `songLyrics`): every lyrics of a song as `structuredLyrics`
//   (lang — `und` when unknown, as the spec requires —, synced, offset in ms (positive: lines
//   sooner, as LRC and Tonearm's `offsetMs`), line[{ start (synced only), value }], displayArtist,
//   displayTitle); a song without lyrics answers an empty `lyricsList`.
// - `getLyrics` (Subsonic 1.2): by artist and title, case- and accent-insensitively (the artist may
//   be the display artist, any credited artist or the album artist; without `artist` any song with
//   that title), the first match's first lyrics as plain text (one line per line, no times);
//   nothing found answers an empty `lyrics`.
import type { Lyrics, Track } from '../../app/contract/index.ts';
import { fold } from '../../app/text/fold.ts';
import { notFound } from './envelope.ts';
import { idOf } from './ids.ts';
import type { Call, Handlers } from './index.ts';
import type { XmlObject } from './xml.ts';

export function structuredLyrics(track: Pick<Track, 'artist' | 'title'>, l: Lyrics): XmlObject {
  return {
    displayArtist: track.artist,
    displayTitle: track.title,
    lang: l.lang ?? 'und',
    offset: l.offsetMs,
    synced: l.synced,
    line: l.lines.map((x) => (l.synced && x.startMs !== null ? { start: x.startMs, value: x.text } : { value: x.text })),
  };
}

interface Candidate {
  id: number;
  /** Folded names the song answers to as `artist`. */
  artists: string[];
}

/** Songs with lyrics by folded title, rebuilt when the mirror changes. */
function createTitleIndex(call: Call): Map<string, Candidate[]> {
  const rows = call.s.ctx.catalog.db.prepare<[], { id: number; title: string; artist: string; albumArtist: string | null; artists: string }>(
    `SELECT t.id, t.title, t.artist_display AS artist, aa.name AS albumArtist,
      (SELECT json_group_array(a.name) FROM track_artists ta JOIN artists a ON a.id = ta.artist_id WHERE ta.track_id = t.id) AS artists
    FROM tracks t LEFT JOIN albums al ON al.id = t.album_id LEFT JOIN artists aa ON aa.id = al.album_artist_id
    WHERE t.id IN (SELECT track_id FROM track_lyrics) ORDER BY t.id`).all();
  const index = new Map<string, Candidate[]>();
  for (const r of rows) {
    const names = [r.artist, r.albumArtist, ...(JSON.parse(r.artists) as string[])].filter((n): n is string => typeof n === 'string' && n !== '');
    const key = fold(r.title);
    const list = index.get(key) ?? [];
    list.push({ id: r.id, artists: [...new Set(names.map(fold))] });
    index.set(key, list);
  }
  return index;
}

export function createLyricsHandlers(): Handlers {
  let titles: { generation: number; index: Map<string, Candidate[]> } | null = null;
  const titleIndex = (call: Call): Map<string, Candidate[]> => {
    const generation = call.s.ctx.mirror.generation();
    if (titles?.generation !== generation) titles = { generation, index: createTitleIndex(call) };
    return titles.index;
  };
  return {
    json: {
      getLyricsBySongId: (call) => {
        const raw = call.params.required('id');
        const id = idOf(raw, 'tr', 'Song');
        const track = call.s.ctx.queries.tracks.byId(id);
        const list = call.s.ctx.queries.tracks.lyrics(id);
        if (!track || !list) throw notFound(`Song ${raw}`);
        return { lyricsList: { structuredLyrics: list.map((l) => structuredLyrics(track, l)) } };
      },
      getLyrics: (call) => {
        const title = fold(call.params.get('title') ?? '');
        const artist = fold(call.params.get('artist') ?? '');
        const match = title === '' ? undefined : titleIndex(call).get(title)?.find((c) => artist === '' || c.artists.includes(artist));
        const track = match ? call.s.ctx.queries.tracks.byId(match.id) : undefined;
        const first = track ? call.s.ctx.queries.tracks.lyrics(track.id)?.[0] : undefined;
        if (!track || !first) return { lyrics: { value: '' } };
        return { lyrics: { artist: track.artist, title: track.title, value: first.lines.map((l) => l.text).join('\n') } };
      },
    },
    raw: {},
  };
}
