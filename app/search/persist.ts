// The index on disk (`<db>.search.idx`): a small JSON header (format, catalog stamp, where each
// array lies) and the typed arrays as they are in memory, 8-byte aligned, so loading is reading one
// file and taking views of it — no parsing, no rebuilding. The terms are one UTF-8 block, one per line.
import fs from 'node:fs';
import type { FieldTerms, IndexData, Links } from './data.ts';
import { indexFormat } from './options.ts';

const magic = 'TNSX';
type Typed = Float64Array | Uint32Array | Int32Array | Uint8Array;
const kinds = { f64: Float64Array, u32: Uint32Array, i32: Int32Array, u8: Uint8Array } as const;
type Kind = keyof typeof kinds;

interface Header {
  format: number;
  stamp: string;
  terms: [offset: number, bytes: number];
  arrays: Record<string, [kind: Kind, offset: number, length: number]>;
}

const kindOf = (a: Typed): Kind => (a instanceof Float64Array ? 'f64' : a instanceof Int32Array ? 'i32' : a instanceof Uint8Array ? 'u8' : 'u32');

/** Every array of the data, by a stable name. */
function arraysOf(d: IndexData): Record<string, Typed> {
  const field = (p: string, f: FieldTerms) => ({ [`${p}.start`]: f.start, [`${p}.terms`]: f.terms, [`${p}.words`]: f.words });
  const links = (p: string, l: Links) => ({ [`${p}.start`]: l.start, [`${p}.items`]: l.items });
  return {
    'tracks.ids': d.tracks.ids, ...field('tracks.title', d.tracks.title), 'tracks.album': d.tracks.album,
    ...links('tracks.artists', d.tracks.artists), ...links('tracks.genres', d.tracks.genres),
    'albums.ids': d.albums.ids, ...field('albums.title', d.albums.title), 'albums.artist': d.albums.artist,
    'artists.ids': d.artists.ids, ...field('artists.name', d.artists.name),
    'genres.ids': d.genres.ids, ...field('genres.name', d.genres.name),
  };
}

export function writeIndexFile(file: string, data: IndexData, stamp: string): void {
  const arrays = arraysOf(data);
  const terms = Buffer.from(data.terms.join('\n'), 'utf8');
  const header: Header = { format: indexFormat, stamp, terms: [0, terms.length], arrays: {} };
  let at = align(terms.length);
  for (const [name, a] of Object.entries(arrays)) {
    header.arrays[name] = [kindOf(a), at, a.length];
    at = align(at + a.byteLength);
  }
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const base = align(8 + head.length);
  const out = Buffer.alloc(base + at);
  out.write(magic, 0, 'latin1');
  out.writeUInt32LE(head.length, 4);
  head.copy(out, 8);
  terms.copy(out, base);
  for (const [name, a] of Object.entries(arrays)) {
    const offset = header.arrays[name]?.[1] ?? 0;
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, base + offset);
  }
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, out);
  fs.renameSync(tmp, file);
}

/** The data, when the file exists, is whole and was written for this format and `stamp`; else undefined. */
export function readIndexFile(file: string, stamp: string): IndexData | undefined {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    if (buf.length < 8 || buf.toString('latin1', 0, 4) !== magic) return undefined;
    const headLength = buf.readUInt32LE(4);
    const header = JSON.parse(buf.toString('utf8', 8, 8 + headLength)) as Header;
    if (header.format !== indexFormat || header.stamp !== stamp) return undefined;
    const base = align(8 + headLength);
    // Views need their element alignment within the ArrayBuffer: copy once if the file's buffer lacks it.
    const bytes = (buf.byteOffset + base) % 8 === 0 ? buf : Buffer.from(buf);
    const view = (name: string): Typed => {
      const entry = header.arrays[name];
      if (!entry) throw new Error(`missing ${name}`);
      const [kind, offset, length] = entry;
      const start = bytes.byteOffset + base + offset;
      if (start + length * kinds[kind].BYTES_PER_ELEMENT > bytes.byteOffset + bytes.length) throw new Error(`truncated ${name}`);
      return new kinds[kind](bytes.buffer as ArrayBuffer, start, length);
    };
    const [termsAt, termsBytes] = header.terms;
    const text = bytes.toString('utf8', base + termsAt, base + termsAt + termsBytes);
    const field = (p: string): FieldTerms => ({ start: view(`${p}.start`) as Uint32Array, terms: view(`${p}.terms`) as Uint32Array, words: view(`${p}.words`) as Uint8Array });
    const links = (p: string): Links => ({ start: view(`${p}.start`) as Uint32Array, items: view(`${p}.items`) as Uint32Array });
    return {
      terms: text.length === 0 ? [] : text.split('\n'),
      tracks: { ids: view('tracks.ids') as Float64Array, title: field('tracks.title'), album: view('tracks.album') as Int32Array, artists: links('tracks.artists'), genres: links('tracks.genres') },
      albums: { ids: view('albums.ids') as Float64Array, title: field('albums.title'), artist: view('albums.artist') as Int32Array },
      artists: { ids: view('artists.ids') as Float64Array, name: field('artists.name') },
      genres: { ids: view('genres.ids') as Float64Array, name: field('genres.name') },
    };
  } catch {
    return undefined; // damaged: rebuilt from the catalog
  }
}

function align(n: number): number {
  return Math.ceil(n / 8) * 8;
}
