// Test scaffolding: a generated mixed-format library for benchmarks (cached under .cache/bench).
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chunk, ENCODE, EXTENSIONS, ffmpeg, MUX, pool, writeImage, type AudioFormat } from './audioTools.ts';
import { mulberry32 } from './random.ts';

// ---------------------------------------------------------------------------------------------
// generatedLibrary

const LIBRARY_VERSION = 3;
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GENRES = [
  'Rock', 'Pop', 'Jazz', 'Blues', 'Classical', 'Electronic', 'Hip-Hop', 'Folk', 'Country', 'Metal',
  'Punk', 'Soul', 'Funk', 'Reggae', 'Ambient', 'Indie', 'R&B', 'Latin', 'Soundtrack', 'World',
];
const WORDS = [
  'Blue', 'Morning', 'River', 'Light', 'Stone', 'Night', 'Café', 'Über', 'Niño', 'Glass', 'Summer', 'Echo',
  'Paper', 'Moon', 'Highway', 'Garden', 'Silver', 'Fire', 'Rain', '静か', 'Ocean', 'Winter', 'Signal', 'Dust',
];
/** [format, weight]: by album, so track counts follow roughly. */
const FORMAT_WEIGHTS: [AudioFormat, number][] = [
  ['mp3', 40], ['flac', 25], ['m4a', 10], ['ogg', 10], ['opus', 10], ['wav', 2], ['aiff', 1.5], ['alac', 1.5],
];
const BASE_SECONDS = [3, 4, 5, 6];
const COPY_OUTPUTS_PER_PROCESS = 150;
const PALETTE = ['firebrick', 'seagreen', 'royalblue', 'goldenrod', 'orchid', 'teal', 'coral', 'slategray'];


interface LibraryTrack {
  path: string;
  format: AudioFormat;
  base: number;
  cover: number | null;
  tags: Record<string, string>;
}

interface LibraryPlan {
  tracks: LibraryTrack[];
  folderCovers: { path: string; color: number }[];
}

function planLibrary(count: number): LibraryPlan {
  const random = mulberry32(count * 7919 + 17);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const totalWeight = FORMAT_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  const pickFormat = (): AudioFormat => {
    let r = random() * totalWeight;
    for (const [format, weight] of FORMAT_WEIGHTS) if ((r -= weight) < 0) return format;
    return 'mp3';
  };
  const albumCount = Math.max(1, Math.round(count / 10));
  const width = Math.max(2, String(albumCount).length);
  const pad = (n: number, w = width): string => String(n).padStart(w, '0');
  const tracks: LibraryTrack[] = [];
  const folderCovers: LibraryPlan['folderCovers'] = [];
  let artist = 0;
  let albumOfArtist = 0;
  let albumsForArtist = 0;
  while (tracks.length < count) {
    if (albumOfArtist >= albumsForArtist) {
      artist++;
      albumOfArtist = 0;
      albumsForArtist = 1 + Math.floor(random() * 3);
    }
    albumOfArtist++;
    const remaining = count - tracks.length;
    let size = 8 + Math.floor(random() * 5);
    if (remaining - size < 5) size = remaining; // no tiny leftover album
    size = Math.min(size, remaining);
    const format = pickFormat();
    const artistName = `Artist ${pad(artist)}`;
    const albumName = `Album ${pad(albumOfArtist, 2)}`;
    const albumDir = `${artistName}/${albumName}`;
    // Album titles are unique, except a few "Greatest Hits" shared by several artists (as in real libraries).
    const albumTitle = random() < 0.03 ? 'Greatest Hits' : `${pick(WORDS)} ${pick(WORDS)} ${pad(artist)}.${albumOfArtist}`;
    const compilation = random() < 0.05;
    const withAlbumArtist = compilation || random() < 0.5;
    const genre = pick(GENRES);
    const year = String(1960 + Math.floor(random() * 65));
    const color = Math.floor(random() * PALETTE.length);
    const embedded = (format === 'mp3' || format === 'flac' || format === 'm4a') && random() < 0.2;
    if (random() < 0.5) folderCovers.push({ path: `${albumDir}/cover.jpg`, color });
    const base0 = Math.floor(random() * BASE_SECONDS.length);
    for (let n = 1; n <= size; n++) {
      const title = `${pick(WORDS)} ${pick(WORDS)}`;
      const tags: Record<string, string> = {
        title,
        artist: compilation ? `Artist ${pad(1 + Math.floor(random() * Math.max(1, artist)))}` : artistName,
        album: albumTitle,
        genre,
        track: `${n}/${size}`,
        date: year,
      };
      if (withAlbumArtist) tags.album_artist = compilation ? 'Various Artists' : artistName;
      if (compilation) tags.compilation = '1';
      tracks.push({
        path: `${albumDir}/${pad(n, 2)} ${title}${EXTENSIONS[format]}`,
        format,
        base: (base0 + n) % BASE_SECONDS.length,
        cover: embedded ? color : null,
        tags,
      });
    }
  }
  return { tracks, folderCovers };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Builds (or reuses) a realistic mixed-format library of `tracks` files and returns its folder.
 * Cached in `cacheDir` (default `<repo>/.cache/bench/library-<N>`); the marker `<cacheDir>.complete`
 * is written last, so an interrupted build is thrown away and redone.
 */
export async function generatedLibrary(options: {
  tracks: number;
  cacheDir?: string;
  onProgress?: (done: number) => void;
}): Promise<string> {
  const count = options.tracks;
  if (!Number.isInteger(count) || count < 1) throw new Error(`generatedLibrary: tracks must be a positive integer`);
  const dir = path.resolve(options.cacheDir ?? path.join(REPO_ROOT, '.cache', 'bench', `library-${count}`));
  const marker = `${dir}.complete`;
  const expected = JSON.stringify({ version: LIBRARY_VERSION, tracks: count });
  if ((await exists(marker)) && (await readFile(marker, 'utf8')).trim() === expected && (await exists(dir))) {
    options.onProgress?.(count);
    return dir;
  }
  await rm(marker, { force: true });
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });

  const plan = planLibrary(count);
  const work = await mkdtemp(path.join(tmpdir(), 'tonearm-library-'));
  try {
    // 1. Base sources: BASE_SECONDS.length per format, each with its own frequency, one ffmpeg process.
    const formats = [...new Set(plan.tracks.map((t) => t.format))];
    const baseFile = (format: AudioFormat, i: number): string => path.join(work, `base-${format}-${i}${EXTENSIONS[format]}`);
    const baseArgs: string[] = [];
    BASE_SECONDS.forEach((seconds, i) => {
      baseArgs.push('-f', 'lavfi', '-i', `sine=frequency=${220 + 110 * i}:sample_rate=44100:duration=${seconds}`);
    });
    formats.forEach((format, f) => {
      BASE_SECONDS.forEach((_, i) => {
        // Vary the audio per format as well: a tiny per-format volume change is enough to change the data.
        baseArgs.push('-map', `${i}:a`, ...ENCODE[format], '-ac', '2', '-af', `volume=${(0.5 + 0.05 * f).toFixed(2)}`);
        baseArgs.push('-map_metadata', '-1', baseFile(format, i));
      });
    });
    await ffmpeg(baseArgs);

    // 2. Cover images (folder copies and embedded).
    const coverFile = (color: number): string => path.join(work, `cover-${color}.jpg`);
    await pool([...PALETTE.keys()], availableParallelism(), (i) =>
      writeImage(coverFile(i), { color: PALETTE[i] ?? 'gray', size: 500 }),
    );

    await Promise.all(
      [...new Set(plan.tracks.map((t) => path.dirname(path.join(dir, t.path))))].map((d) => mkdir(d, { recursive: true })),
    );
    await Promise.all(plan.folderCovers.map((c) => copyFile(coverFile(c.color), path.join(dir, c.path))));

    // 3. Stream-copy the bases into the tracks, many outputs per process.
    const groups: LibraryTrack[][] = [];
    for (const format of formats) groups.push(...chunk(plan.tracks.filter((t) => t.format === format), COPY_OUTPUTS_PER_PROCESS));
    let done = 0;
    await pool(groups, availableParallelism(), async (group) => {
      const format = (group[0] as LibraryTrack).format;
      const args: string[] = [];
      BASE_SECONDS.forEach((_, i) => args.push('-i', baseFile(format, i)));
      const coverInput = new Map<number, number>();
      for (const track of group) {
        if (track.cover !== null && !coverInput.has(track.cover)) {
          coverInput.set(track.cover, BASE_SECONDS.length + coverInput.size);
          args.push('-i', coverFile(track.cover));
        }
      }
      for (const track of group) {
        args.push('-map', `${track.base}:a`);
        const v = track.cover === null ? undefined : coverInput.get(track.cover);
        if (v !== undefined) {
          args.push('-map', `${v}:v`, '-disposition:v:0', 'attached_pic');
          if (format === 'mp3') args.push('-metadata:s:v:0', 'comment=Cover (front)');
        }
        args.push('-c', 'copy', ...MUX[format], '-map_metadata', '-1');
        for (const [key, value] of Object.entries(track.tags)) args.push('-metadata', `${key}=${value}`);
        args.push(path.join(dir, track.path));
      }
      await ffmpeg(args);
      done += group.length;
      options.onProgress?.(done);
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  await writeFile(marker, `${expected}\n`);
  return dir;
}

