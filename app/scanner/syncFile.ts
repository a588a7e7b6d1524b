// Synchronous file access for worker threads. Each async fs call costs a libuv thread-pool round
// trip (tens of µs); a tag read makes dozens of small reads, so in a worker — where blocking is
// harmless — plain readSync is several times faster. And every read goes through a small cache of
// aligned blocks: the tag reader, the fingerprint and the audio check all read the same few
// regions (the head, the tail, the samples), in dozens of small reads per file (90 for an M4A's
// atoms); the cache turns them into a few block reads. music-metadata reads through strtok3's
// FileTokenizer, which only needs a handle with read() and close(); this adapter supplies one.
import fs from 'node:fs';
import { FileTokenizer } from 'strtok3';
import { parseFromTokenizer, type IAudioMetadata, type IOptions } from 'music-metadata';
import { fsPath } from '../text/fsPath.ts';

/** Cache block: one read of this many bytes (aligned) serves every small read inside it. */
const BLOCK = 16 * 1024;
/** Blocks kept per open file (least recently used goes first). */
const MAX_BLOCKS = 16;

export interface SyncFile {
  fd: number;
  size: number;
  /** Reads up to `length` bytes at `position`; shorter at the end of the file. Valid until close(). */
  readAt(position: number, length: number): Buffer;
  /** Like readAt, into `target` at `offset`; returns the bytes read. */
  readInto(target: Uint8Array, offset: number, length: number, position: number): number;
  close(): void;
}

/** Opens a file by its path key (app/text/fsPath.ts): the real bytes of any name. */
export function openSync(file: string): SyncFile {
  const fd = fs.openSync(fsPath(file), fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new Error('not a regular file');
    return blockReader(fd, st.size);
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
}

/**
 * Block buffers are reused from file to file (a worker reads one file at a time): fresh 16 KB
 * buffers per file are external memory V8 frees only at its next full collection, which let the
 * parse workers' RSS grow by tens of MB on a big scan.
 */
const spare: Buffer[] = [];

function blockReader(fd: number, size: number): SyncFile {
  /** Block index → its buffer and the bytes it holds; in use order (the first is the least recent). */
  const blocks = new Map<number, { buf: Buffer; length: number }>();
  let closed = false;
  const release = (b: { buf: Buffer }): void => void (spare.length < MAX_BLOCKS * 2 && spare.push(b.buf));
  const block = (index: number): Buffer => {
    let b = blocks.get(index);
    if (b) {
      blocks.delete(index);
    } else {
      const start = index * BLOCK;
      const want = Math.max(0, Math.min(BLOCK, size - start));
      const buf = spare.pop() ?? Buffer.allocUnsafeSlow(BLOCK);
      let got = 0;
      for (let n = -1; got < want && n !== 0; got += n) n = fs.readSync(fd, buf, got, want - got, start + got);
      b = { buf, length: got };
      // An evicted block may still be seen through a view this file handed out: it is dropped, not reused.
      if (blocks.size >= MAX_BLOCKS) blocks.delete(blocks.keys().next().value as number);
    }
    blocks.set(index, b);
    return b.buf.subarray(0, b.length);
  };
  const readInto = (target: Uint8Array, offset: number, length: number, position: number): number => {
    // A large read (a cover, a full parse's stretch) is one read of its own, not a trip through the cache.
    if (length > 2 * BLOCK) return fs.readSync(fd, target, offset, length, position);
    let done = 0;
    while (done < length && position + done < size) {
      const at = position + done;
      const index = Math.floor(at / BLOCK);
      const b = block(index);
      const from = at - index * BLOCK;
      const n = Math.min(length - done, b.length - from);
      if (n <= 0) break; // the file is shorter than it was when opened
      b.copy(target, offset + done, from, from + n);
      done += n;
    }
    return done;
  };
  return {
    fd,
    size,
    readInto,
    readAt(position, length) {
      const len = Math.max(0, length);
      const index = Math.floor(position / BLOCK);
      if (len <= 2 * BLOCK && position >= 0 && Math.floor((position + len - 1) / BLOCK) === index) {
        // Inside one block: a view of it, valid until close().
        const b = block(index);
        const from = position - index * BLOCK;
        return b.subarray(Math.min(from, b.length), Math.min(from + len, b.length));
      }
      const buf = Buffer.allocUnsafe(len);
      const n = len > 0 ? readInto(buf, 0, len, position) : 0;
      return n === len ? buf : buf.subarray(0, n);
    },
    /** Views handed out by readAt are valid until then: their blocks serve the next file. */
    close() {
      if (!closed) fs.closeSync(fd);
      closed = true;
      for (const b of blocks.values()) release(b);
      blocks.clear();
    },
  };
}

/** Parses tags through a FileTokenizer whose reads are synchronous (and cached) underneath. */
export async function parseSync(file: SyncFile, filePath: string, options: IOptions): Promise<IAudioMetadata> {
  const handle = {
    read: (buffer: Uint8Array, offset: number, length: number, position: number) =>
      Promise.resolve({ bytesRead: file.readInto(buffer, offset, length, position), buffer }),
    close: () => Promise.resolve(),
  };
  // FileTokenizer's constructor is public at runtime; its type only admits a fs FileHandle.
  const Ctor = FileTokenizer as unknown as new (h: typeof handle, o: { fileInfo: { path: string; size: number } }) => FileTokenizer;
  const tokenizer = new Ctor(handle, { fileInfo: { path: filePath, size: file.size } });
  return parseFromTokenizer(tokenizer, options);
}
