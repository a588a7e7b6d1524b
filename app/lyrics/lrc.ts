// Lyrics text → the contract's Lyrics. LRC is recognised by its time tags: `[mm:ss.xx]`, `[mm:ss]`,
// `[mm:ss.xxx]`, `[mm:ss:xx]`, several per line (a repeated chorus); `[offset:±ms]`;
// `[la:]`/`[lang:]`; other `[key:value]` tags (`[ar:]`, `[ti:]`, `[al:]`, `[by:]`, `[length:]`…) are
// metadata, not lyrics; enhanced LRC word times (`<mm:ss.xx>`) are dropped from the text. Text
// without time tags is unsynced lyrics, one line per line. Small and bounded: at most 5,000 lines
// of at most 500 characters are kept.
import type { LyricLine, Lyrics } from '../contract/index.ts';

export const MAX_LINES = 5000;
const MAX_LINE_CHARS = 500;
/** 24 hours: a time tag beyond it is not a time. */
const MAX_MS = 24 * 3600 * 1000;

const timeTag = /\[(\d{1,3}):(\d{1,2})(?:[.:](\d{1,3}))?\]/y;
const metaTag = /^\[([A-Za-z#][\w#-]{0,15})\s*:(.*)\]\s*$/;
const wordTime = /<\d{1,3}:\d{1,2}(?:[.:]\d{1,3})?>/g;

function fraction(digits: string | undefined): number {
  if (!digits) return 0;
  return Math.round(Number(digits) * 10 ** (3 - digits.length));
}

/** The time tags at the start of `line` (ms each) and the rest of it; null when it has none. */
function leadingTimes(line: string): { times: number[]; rest: string } | null {
  const times: number[] = [];
  let at = 0;
  for (;;) {
    while (line[at] === ' ' || line[at] === '\t') at++;
    timeTag.lastIndex = at;
    const m = timeTag.exec(line);
    if (!m) break;
    const ms = (Number(m[1]) * 60 + Number(m[2])) * 1000 + fraction(m[3]);
    if (Number(m[2]) < 60 && ms <= MAX_MS) times.push(ms);
    at = timeTag.lastIndex;
  }
  return times.length === 0 ? null : { times, rest: line.slice(at) };
}

const clean = (s: string): string => s.replace(wordTime, '').replace(/\s+/g, ' ').trim().slice(0, MAX_LINE_CHARS);

/** Normalises an ISO 639-2 code (`eng`); `XXX`/`und`/empty mean unknown (null). */
export function languageOf(code: string | undefined | null): string | null {
  const c = (code ?? '').trim().toLowerCase();
  return /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(c) && c !== 'xxx' && c !== 'und' && c !== 'zxx' ? c : null;
}

/**
 * Parses lyrics text (LRC or plain). Null when it holds no lyric line. A text with time tags is
 * synced: its lines sorted by time, lines without a time tag dropped.
 */
export function parseLyrics(text: string, source: Lyrics['source'], lang: string | null = null): Lyrics | null {
  const rows = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const synced: Array<LyricLine & { order: number }> = [];
  const plain: string[] = [];
  let offsetMs = 0;
  let language = lang;
  for (const row of rows) {
    if (synced.length >= MAX_LINES || plain.length >= MAX_LINES) break;
    const meta = metaTag.exec(row.trim());
    if (meta && !/^\d/.test(meta[1] ?? '')) {
      const key = (meta[1] ?? '').toLowerCase();
      const value = (meta[2] ?? '').trim();
      if (key === 'offset' && /^[+-]?\d{1,7}$/.test(value)) offsetMs = Number(value);
      else if ((key === 'la' || key === 'lang' || key === 'language') && !language) language = languageOf(value);
      continue;
    }
    const timed = leadingTimes(row);
    if (timed) {
      const line = clean(timed.rest);
      for (const t of timed.times) synced.push({ startMs: t, text: line, order: synced.length });
      continue;
    }
    plain.push(clean(row));
  }
  if (synced.length > 0) {
    synced.sort((a, b) => a.startMs! - b.startMs! || a.order - b.order);
    return { synced: true, lang: language, offsetMs, lines: synced.map(({ startMs, text: t }) => ({ startMs, text: t })), source };
  }
  while (plain.length > 0 && plain[0] === '') plain.shift();
  while (plain.length > 0 && plain.at(-1) === '') plain.pop();
  if (plain.length === 0) return null;
  // Runs of blank lines become one (a stanza break).
  const lines = plain.filter((l, i) => l !== '' || plain[i - 1] !== '').map((t) => ({ startMs: null, text: t }));
  return { synced: false, lang: language, offsetMs: 0, lines, source };
}
