// Lyrics from files: `.lrc` sidecars (bytes → text: UTF-8 with or without BOM, UTF-16 with a BOM
// or by its NUL pattern, else Windows-1252, a superset of Latin-1's printable range) and embedded
// tags (ID3 USLT/SYLT, Vorbis LYRICS/UNSYNCEDLYRICS, MP4 ©lyr, APEv2 Lyrics, ASF WM/Lyrics). LRC text
// inside an unsynced tag counts as synced. Hostile input gives one sentence, never a crash.
import fs from 'node:fs';
import type { IAudioMetadata } from 'music-metadata';
import type { Lyrics } from '../contract/index.ts';
import { languageOf, parseLyrics } from './lrc.ts';

/** A sidecar larger than this is not lyrics. */
export const MAX_SIDECAR_BYTES = 512 * 1024;

export class LyricsError extends Error {
  override name = 'LyricsError';
}

/** Bytes of a lyrics file → text; throws LyricsError when it is not text. */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) text = new TextDecoder('utf-8').decode(bytes.subarray(3));
  else if (b0 === 0xff && b1 === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (b0 === 0xfe && b1 === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else if (utf16Pattern(bytes) !== null) text = new TextDecoder(utf16Pattern(bytes) as string).decode(bytes);
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = new TextDecoder('windows-1252').decode(bytes);
    }
  }
  // Text files hold no NULs and few control characters; anything else is binary.
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) throw new LyricsError('not a text file (it holds NUL bytes)');
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) control++;
  }
  if (control > 8 && control > text.length / 100) throw new LyricsError('not a text file (it holds binary data)');
  return text;
}

/** UTF-16 without a BOM: ASCII text shows as every other byte NUL. */
function utf16Pattern(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 512);
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const half = n / 2;
  if (oddNul > half * 0.6 && evenNul < half * 0.1) return 'utf-16le';
  if (evenNul > half * 0.6 && oddNul < half * 0.1) return 'utf-16be';
  return null;
}

/** Reads a `.lrc` sidecar; throws LyricsError with one sentence when it cannot be used. */
export function readSidecar(file: string | Buffer): Lyrics | null {
  const st = fs.statSync(file);
  if (!st.isFile()) throw new LyricsError('not a regular file');
  if (st.size > MAX_SIDECAR_BYTES) throw new LyricsError(`lyrics file too large (${Math.round(st.size / 1024)} KB; the limit is ${MAX_SIDECAR_BYTES / 1024} KB)`);
  return parseLyrics(decodeText(fs.readFileSync(file)), 'sidecar');
}

interface Tag {
  id: string;
  value: unknown;
}

const textOf = (v: unknown): string | null => (typeof v === 'string' ? v : v && typeof v === 'object' && 'text' in v && typeof v.text === 'string' ? v.text : null);

/** SYLT entries → synced lyrics; an entry starting with a line break starts a new line. */
function fromSylt(v: { syncText?: Array<{ text: string; timestamp?: number }>; timeStampFormat?: number; language?: string }): Lyrics | null {
  if (v.timeStampFormat !== 2 || !Array.isArray(v.syncText)) return null; // 2 = milliseconds; MPEG frames are not supported
  const lines: Lyrics['lines'] = [];
  for (const e of v.syncText.slice(0, 20_000)) {
    if (typeof e.text !== 'string' || typeof e.timestamp !== 'number') continue;
    const startsLine = lines.length === 0 || /^[\r\n]/.test(e.text) || !/[\r\n]/.test(v.syncText.map((x) => x.text).join(''));
    const text = e.text.replace(/[\r\n]+/g, ' ').trim();
    const last = lines.at(-1);
    if (startsLine || !last) lines.push({ startMs: e.timestamp, text });
    else last.text = `${last.text}${/^\s|^$/.test(e.text) ? ' ' : ''}${text}`.trim();
  }
  if (lines.length === 0) return null;
  lines.sort((a, b) => (a.startMs ?? 0) - (b.startMs ?? 0));
  return { synced: true, lang: languageOf(v.language), offsetMs: 0, lines: lines.slice(0, 5000), source: 'embedded' };
}

const lyricKeys = /^(USLT|ULT|LYRICS|UNSYNCEDLYRICS|UNSYNCED LYRICS|©lyr|WM\/Lyrics|Lyrics)$/i;

/** Every lyrics tag of a file's native tags, synced ones first; duplicates (same lines) once. */
export function embeddedLyrics(meta: Pick<IAudioMetadata, 'native'>): Lyrics[] {
  const out: Lyrics[] = [];
  for (const tags of Object.values(meta.native ?? {}) as Tag[][]) {
    for (const tag of tags) {
      let l: Lyrics | null = null;
      try {
        if (/^SYLT$|^SLT$/i.test(tag.id) && tag.value && typeof tag.value === 'object') l = fromSylt(tag.value as Parameters<typeof fromSylt>[0]);
        else if (lyricKeys.test(tag.id)) {
          const text = textOf(tag.value);
          const lang = tag.value && typeof tag.value === 'object' && 'language' in tag.value ? languageOf(String(tag.value.language)) : null;
          if (text !== null && text.length <= MAX_SIDECAR_BYTES) l = parseLyrics(text, 'embedded', lang);
        }
      } catch {
        l = null;
      }
      if (l && !out.some((o) => JSON.stringify(o.lines) === JSON.stringify(l.lines))) out.push(l);
    }
  }
  return out.sort((a, b) => Number(b.synced) - Number(a.synced));
}
