// M3U / M3U8: parse and format (pure). Extended M3U: `#EXTM3U` header, `#EXTINF:<seconds>,<artist> - <title>`
// before each path. Paths may be absolute, relative, Windows-style or file:// URLs.
import { fileURLToPath } from 'node:url';

export interface M3uItem {
  /** 1-based line of the path. */
  line: number;
  path: string;
  artist: string | null;
  title: string | null;
  /** From #EXTINF (seconds × 1000); null when absent or -1. */
  durationMs: number | null;
}

export function decodeM3u(bytes: Buffer): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // Not valid UTF-8 (replacement characters where the bytes were): legacy .m3u in Latin-1.
  return text.includes('\uFFFD') && !bytes.toString('latin1').includes('\uFFFD') ? bytes.toString('latin1') : text;
}

export function parseM3u(text: string): M3uItem[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
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
    items.push({ line: i + 1, path: p, artist: info?.artist ?? null, title: info?.title ?? null, durationMs: info?.durationMs ?? null });
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

/** `.m3u` is Latin-1 when every character fits, else UTF-8 (what most players then accept); `.m3u8` is UTF-8. */
export function encodeM3u(text: string, format: 'm3u' | 'm3u8'): Buffer {
  // eslint-disable-next-line no-control-regex
  if (format === 'm3u' && /^[\u0000-\u00ff]*$/.test(text)) return Buffer.from(text, 'latin1');
  return Buffer.from(text, 'utf8');
}
