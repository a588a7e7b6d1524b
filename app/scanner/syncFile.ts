// Synchronous file access for worker threads. Each async fs call costs a libuv thread-pool round
// trip (tens of µs); a tag read makes dozens of small reads, so in a worker — where blocking is
// harmless — plain readSync is several times faster. music-metadata reads through strtok3's
// FileTokenizer, which only needs a handle with read() and close(); this adapter supplies one.
import fs from 'node:fs';
import { FileTokenizer } from 'strtok3';
import { parseFromTokenizer, type IAudioMetadata, type IOptions } from 'music-metadata';
import { fsPath } from '../text/fsPath.ts';

export interface SyncFile {
  fd: number;
  size: number;
  /** Reads up to `length` bytes at `position`; shorter at the end of the file. */
  readAt(position: number, length: number): Buffer;
  close(): void;
}

/** Opens a file by its path key (app/text/fsPath.ts): the real bytes of any name. */
export function openSync(file: string): SyncFile {
  const fd = fs.openSync(fsPath(file), fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new Error('not a regular file');
    let closed = false;
    return {
      fd,
      size: st.size,
      readAt(position, length) {
        const buf = Buffer.allocUnsafe(Math.max(0, length));
        const n = length > 0 ? fs.readSync(fd, buf, 0, length, position) : 0;
        return n === length ? buf : buf.subarray(0, n);
      },
      close() {
        if (!closed) fs.closeSync(fd);
        closed = true;
      },
    };
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
}

/** Parses tags through a FileTokenizer whose reads are synchronous underneath. */
export async function parseSync(file: SyncFile, filePath: string, options: IOptions): Promise<IAudioMetadata> {
  const handle = {
    read: (buffer: Uint8Array, offset: number, length: number, position: number) =>
      Promise.resolve({ bytesRead: fs.readSync(file.fd, buffer, offset, length, position), buffer }),
    close: () => Promise.resolve(),
  };
  // FileTokenizer's constructor is public at runtime; its type only admits a fs FileHandle.
  const Ctor = FileTokenizer as unknown as new (h: typeof handle, o: { fileInfo: { path: string; size: number } }) => FileTokenizer;
  const tokenizer = new Ctor(handle, { fileInfo: { path: filePath, size: file.size } });
  return parseFromTokenizer(tokenizer, options);
}
