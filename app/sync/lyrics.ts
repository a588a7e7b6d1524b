// Lyrics on the wire: a track's lyrics as the library API answers them (sidecar first), trimmed to
// the protocol's bounds (`syncLyricsLimits`: entries, lines, line length, characters in all), so
// one odd file (a huge SYLT frame, a 500 KB .lrc) never fails a whole request; real lyrics pass
// unchanged. Requests are sized by the lyrics they carry (`lyricsBudget`).
import type { Lyrics } from '../contract/index.ts';
import { syncLyricsLimits as limits } from '../contract/index.ts';
import type { MirrorTrackMeta } from './protocol.ts';

/** Characters of stored lyrics (as `LocalTrack.lyricsChars` counts them) one request carries at most. */
export const lyricsBudget = 3_000_000;
/** A track never counts for more than this against the budget (its lyrics are trimmed to far less). */
export const lyricsCharsCap = 400_000;

export function wireLyrics(list: readonly Lyrics[]): MirrorTrackMeta['lyrics'] {
  const out: MirrorTrackMeta['lyrics'] = [];
  let left: number = limits.chars;
  for (const l of list.slice(0, limits.perTrack)) {
    const lines: MirrorTrackMeta['lyrics'][number]['lines'] = [];
    for (const line of l.lines.slice(0, limits.lines)) {
      const text = line.text.slice(0, limits.lineChars);
      if (text.length > left) break;
      left -= text.length;
      const start = line.startMs === null || !Number.isFinite(line.startMs) ? null : Math.min(1e10, Math.max(0, Math.round(line.startMs)));
      lines.push({ startMs: start, text });
    }
    if (lines.length === 0) break;
    const lang = l.lang !== null && l.lang.length <= 35 ? l.lang : null;
    const offsetMs = Math.min(10_000_000, Math.max(-10_000_000, Math.trunc(l.offsetMs) || 0));
    out.push({ synced: l.synced, lang, offsetMs, lines, source: l.source });
    if (left === 0) break;
  }
  return out;
}

/** Splits tracks into requests of at most `size` tracks and about `lyricsBudget` characters of lyrics. */
export function chunked<T extends { lyricsChars: number }>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let chars = 0;
  for (const item of items) {
    const c = Math.min(item.lyricsChars, lyricsCharsCap);
    if (current.length > 0 && (current.length >= size || chars + c > lyricsBudget)) {
      out.push(current);
      current = [];
      chars = 0;
    }
    current.push(item);
    chars += c;
  }
  if (current.length > 0) out.push(current);
  return out;
}
