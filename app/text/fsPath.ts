// File names as bytes. Linux allows any bytes but '/' and NUL in a name, and old rips often carry
// Latin-1 names; Node's string paths turn such bytes into U+FFFD, which no longer opens the file.
// Paths are therefore kept as lossless *keys*: valid UTF-8 reads as itself, and every byte that is
// not part of valid UTF-8 becomes U+EF00 + byte (U+EF80–U+EFFF, the private-use range MirBSD's
// OPTU-8 uses for the same purpose). A name that really contains one of those characters has its
// bytes escaped too, so the mapping is one-to-one and `fsPath(pathKey(b))` gives back `b` exactly.
// Keys of ordinary (UTF-8) names are the names themselves: nothing changes for them.
import { isUtf8 } from 'node:buffer';

const ESCAPE = 0xef00;
const escaped = /[\uef80-\uefff]/;
const escapedRun = /[\uef80-\uefff]+/g;

/** The lossless key of a file name or path given as bytes. */
export function pathKey(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buf) && !hasEscapeRange(buf)) return buf.toString('utf8');
  let out = '';
  let i = 0;
  while (i < buf.length) {
    const len = sequenceLength(buf, i);
    if (len === 0) {
      out += String.fromCharCode(ESCAPE + (buf[i] ?? 0));
      i += 1;
      continue;
    }
    const ch = buf.toString('utf8', i, i + len);
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xef80 && cp <= 0xefff) {
      for (let k = 0; k < len; k++) out += String.fromCharCode(ESCAPE + (buf[i + k] ?? 0));
    } else {
      out += ch;
    }
    i += len;
  }
  return out;
}

/**
 * Whether a name Node decoded from UTF-8 is already its own key: no U+FFFD (which may stand for
 * bytes that were not UTF-8) and nothing in the escape range. Otherwise read the name as bytes.
 */
export function isPlainDecodedName(name: string): boolean {
  return !unsure.test(name);
}
const unsure = /[\ufffd\uef80-\uefff]/;

/** Whether a key stands for bytes that are not plain UTF-8 (its name needs `keyBytes` to be written out). */
export function hasEscapedBytes(key: string): boolean {
  return escaped.test(key);
}

/**
 * For APIs that take paths only as strings (a desktop shell's "show in folder"): the key itself when
 * it is plain UTF-8, else its nearest folder that is.
 */
export function nearestPlainPath(key: string): string {
  let p = key;
  while (hasEscapedBytes(p) && p !== '/' && p !== '.') p = p.slice(0, Math.max(1, p.lastIndexOf('/')));
  return p;
}

/** What to hand to `fs`: the key itself for ordinary names, else the exact bytes. */
export function fsPath(key: string): string | Buffer {
  return hasEscapedBytes(key) ? keyBytes(key) : key;
}

/** The bytes a key stands for. */
export function keyBytes(key: string): Buffer {
  const parts: Buffer[] = [];
  let plain = '';
  for (const ch of key) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xef80 && c <= 0xefff) {
      if (plain) parts.push(Buffer.from(plain, 'utf8'));
      plain = '';
      parts.push(Buffer.of(c - ESCAPE));
    } else {
      plain += ch;
    }
  }
  if (plain) parts.push(Buffer.from(plain, 'utf8'));
  return Buffer.concat(parts);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const cp1252 = new TextDecoder('windows-1252');

/**
 * A key shown to a person: escaped bytes read as Windows-1252 (what Latin-1 names from old rips
 * mean: "Caf\xe9" → "Café"); every byte maps to one character, so nothing is dropped.
 */
export function displayPath(key: string): string {
  if (!escaped.test(key)) return key;
  return key.replace(escapedRun, (run) => {
    const bytes = Uint8Array.from(run, (ch) => ch.charCodeAt(0) - ESCAPE);
    try {
      return utf8.decode(bytes); // an escaped private-use character shows as itself
    } catch {
      return cp1252.decode(bytes);
    }
  });
}

/** Length of the valid UTF-8 sequence at `i`, or 0 when the byte there starts none. */
function sequenceLength(b: Buffer, i: number): number {
  const c = b[i] ?? 0;
  if (c < 0x80) return 1;
  const cont = (k: number): boolean => ((b[i + k] ?? 0) & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  const c1 = b[i + 1] ?? 0;
  if (c >= 0xe0 && c <= 0xef) {
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 >= 0xa0)) return 0; // overlong, surrogate
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if ((c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 >= 0x90)) return 0; // overlong, > U+10FFFF
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** True when the (valid UTF-8) bytes hold a character of U+EF80–U+EFFF: EE BE xx or EE BF xx. */
function hasEscapeRange(b: Buffer): boolean {
  for (let i = b.indexOf(0xee); i >= 0 && i + 1 < b.length; i = b.indexOf(0xee, i + 1)) {
    if (b[i + 1] === 0xbe || b[i + 1] === 0xbf) return true;
  }
  return false;
}
