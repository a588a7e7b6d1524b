// ffmpeg's view of a library file. Paths are lossless keys (app/text/fsPath.ts): a name that is not
// valid UTF-8 (a Latin-1 rip) is a key whose real bytes a child process's arguments cannot carry —
// they are strings. Such a file is handed to ffmpeg through a symlink with a plain name in a private
// temporary folder, pointing at the exact bytes; every other file is given as it is.
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fsPath } from '../text/fsPath.ts';

/** Runs `use` with a path ffmpeg and ffprobe can open for the file at `key`. */
export async function withInputFile<T>(key: string, use: (file: string) => Promise<T>): Promise<T> {
  const real = fsPath(key);
  if (typeof real === 'string') return use(real);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-input-'));
  try {
    // The extension helps ffmpeg pick a demuxer; one that is itself not plain ASCII is left out.
    const ext = path.extname(key);
    const link = path.join(dir, `input${/^\.[A-Za-z0-9]{1,8}$/.test(ext) ? ext : ''}`);
    await symlink(real, link);
    return await use(link);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
