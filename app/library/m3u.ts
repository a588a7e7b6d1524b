// M3U / M3U8: parse and format (pure). Extended M3U: `#EXTM3U` header, `#EXTINF:<seconds>,<artist> - <title>`
// before each path. Paths may be absolute, relative, Windows-style or file:// URLs.
import { fileURLToPath } from 'node:url';
import { hasEscapedBytes, keyBytes, pathKey } from '../text/fsPath.ts';

export interface M3uItem {
  /** 1-based line of the path. */
  line: number;
  path: string;
  artist: string | null;
  title: string | null;
  /** From #EXTINF (seconds × 1000); null when absent or -1. */
  durationMs: number | null;
  /** The path as its file's exact bytes read (a lossless key, app/text/fsPath.ts), when those differ from `path`. */
  key?: string;
}

export function decodeM3u(bytes: Buffer): string {
  // A UTF-8 byte order mark says UTF-8, whatever a path line holds (a name that is not UTF-8 is
  // matched by its bytes: parseM3u's `bytes`).
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // Not valid UTF-8 (replacement characters where the bytes were): legacy .m3u in Latin-1.
  return text.includes('\uFFFD') && !bytes.toString('latin1').includes('\uFFFD') ? bytes.toString('latin1') : text;
}

/** The lines of a file as bytes, split as `parseM3u` splits its text. */
function byteLines(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = start; i <= bytes.length; i++) {
    const b = bytes[i];
    if (i < bytes.length && b !== 0x0a && b !== 0x0d) continue;
    out.push(bytes.subarray(start, i));
    if (b === 0x0d && bytes[i + 1] === 0x0a) i++;
    start = i + 1;
  }
  return out;
}

/** Parses M3U text; given the file's bytes too, a path that is not valid UTF-8 also gets its exact key. */
export function parseM3u(text: string, bytes?: Buffer): M3uItem[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const rawLines = bytes ? byteLines(bytes) : [];
  const items: M3uItem[] = [];
  let info: { artist: string | null; title: string | null; durationMs: number | null } | null = null;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line.length === 0) return;
    if (line.startsWith('#')) {
      const m = /^#EXTINF:\s*(-?\d+(?:\.\d+)?)[^,]*,(.*)$/i.exec(line);
      if (m) {
        const seconds = Number(m[1]);
        const label = (m[2] ?? '').trim();
        const dash = label.indexOf(' - ');
        info = {
          durationMs: seconds >= 0 ? Math.round(seconds * 1000) : null,
          artist: dash >= 0 ? label.slice(0, dash).trim() || null : null,
          title: (dash >= 0 ? label.slice(dash + 3) : label).trim() || null,
        };
      }
      return;
    }
    let p = line;
    if (/^file:\/\//i.test(p)) {
      try { p = fileURLToPath(p); } catch { /* keep as written */ }
    } else if (/^[a-z]:\\/i.test(p) || (p.includes('\\') && !p.includes('/'))) {
      p = p.replace(/\\/g, '/');
    }
    const rawLine = line === p ? rawLines[i] : undefined; // a plain path (not a URL or a Windows path)
    const key = rawLine ? pathKey(trimBytes(rawLine)) : p;
    items.push({ line: i + 1, path: p, artist: info?.artist ?? null, title: info?.title ?? null, durationMs: info?.durationMs ?? null, ...(key !== p ? { key } : {}) });
    info = null;
  });
  return items;
}

export interface M3uOut {
  path: string;
  artist: string;
  title: string;
  durationMs: number;
}

function trimBytes(b: Buffer): Buffer {
  let from = 0;
  let to = b.length;
  while (from < to && (b[from] === 0x20 || b[from] === 0x09)) from++;
  while (to > from && (b[to - 1] === 0x20 || b[to - 1] === 0x09)) to--;
  return b.subarray(from, to);
}

/** Extended M3U text; newlines in tags are flattened so every entry stays two lines. */
export function formatM3u(items: readonly M3uOut[]): string {
  const flat = (s: string) => s.replace(/[\r\n]+/g, ' ');
  const out = ['#EXTM3U'];
  for (const it of items) {
    out.push(`#EXTINF:${Math.round(it.durationMs / 1000)},${flat(it.artist)} - ${flat(it.title)}`);
    out.push(flat(it.path));
  }
  return `${out.join('\n')}\n`;
}

/**
 * `.m3u` is Latin-1 when every character fits, else UTF-8 (what most players then accept); `.m3u8` is
 * UTF-8. A path line is written as the file's real bytes: a name that is not UTF-8 (its key carries
 * escaped bytes, app/text/fsPath.ts) is written as those bytes, which is how another player on the
 * same disk finds it.
 */
export function encodeM3u(text: string, format: 'm3u' | 'm3u8'): Buffer {
  // eslint-disable-next-line no-control-regex
  if (format === 'm3u' && /^[\u0000-\u00ff]*$/.test(text)) return Buffer.from(text, 'latin1');
  if (!hasEscapedBytes(text)) return Buffer.from(text, 'utf8');
  const lines = text.split('\n');
  return Buffer.concat(lines.map((line, i) => {
    const end = i < lines.length - 1 ? '\n' : '';
    return line.startsWith('#') ? Buffer.from(line + end, 'utf8') : Buffer.concat([keyBytes(line), Buffer.from(end)]);
  }));
}
