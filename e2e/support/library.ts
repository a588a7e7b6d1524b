// The e2e music library: a few short albums of real audio (mp3, ogg, flac), generated once into
// .cache/e2e/library with the shared fixture module (app/testing/audio.ts), or plain ffmpeg when
// that module is not available.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const libraryDir = path.join(repoRoot, '.cache/e2e/library-v1');
const marker = `${libraryDir}.complete`;

export interface E2eTrack {
  path: string;
  format: 'mp3' | 'ogg' | 'flac';
  title: string;
  artist: string;
  album: string;
  track: number;
  of: number;
  genre: string;
  year: number;
  frequency: number;
  cover?: string;
}

function album(
  dir: string, format: E2eTrack['format'], artist: string, title: string, genre: string, year: number, songs: string[], base: number, cover?: string,
): E2eTrack[] {
  const ext = format;
  return songs.map((song, i) => ({
    path: `${dir}/${String(i + 1).padStart(2, '0')} ${song}.${ext}`,
    format,
    title: song,
    artist,
    album: title,
    track: i + 1,
    of: songs.length,
    genre,
    year,
    frequency: base + i * 55,
    ...(cover ? { cover } : {}),
  }));
}

export const e2eTracks: E2eTrack[] = [
  ...album('Nordic Lights/Aurora Borealis', 'mp3', 'Nordic Lights', 'Aurora Borealis', 'Ambient', 2021, ['Polar Dawn', 'Green Veil', 'Magnetic Storm', 'Last Light'], 330, 'teal'),
  ...album('The Quiet Band/Midnight Sessions', 'ogg', 'The Quiet Band', 'Midnight Sessions', 'Jazz', 2019, ['Blue Corner', 'Late Train', 'Smoke Rings'], 260, 'purple'),
  ...album('Marigold/Sunday Drive', 'flac', 'Marigold', 'Sunday Drive', 'Pop', 2023, ['Open Road', 'Lemonade'], 392),
];

export const SECONDS = 20;

async function withFixtureModule(): Promise<boolean> {
  try {
    const mod = (await import('../../app/testing/audio.ts')) as {
      writeTracks: (dir: string, specs: unknown[]) => Promise<void>;
    };
    await mod.writeTracks(
      libraryDir,
      e2eTracks.map((t) => ({
        path: t.path,
        format: t.format,
        seconds: SECONDS,
        frequency: t.frequency,
        tags: {
          title: t.title,
          artist: t.artist,
          album_artist: t.artist,
          album: t.album,
          track: `${t.track}/${t.of}`,
          genre: t.genre,
          date: String(t.year),
        },
        ...(t.cover ? { cover: t.cover } : {}),
      })),
    );
    return true;
  } catch (err) {
    console.warn(`e2e: app/testing/audio.ts unavailable (${(err as Error).message}); using ffmpeg directly`);
    return false;
  }
}

function withFfmpeg(): void {
  const codec: Record<E2eTrack['format'], string[]> = {
    mp3: ['-c:a', 'libmp3lame', '-q:a', '6', '-id3v2_version', '3'],
    ogg: ['-c:a', 'libvorbis', '-q:a', '2'],
    flac: ['-c:a', 'flac'],
  };
  for (const t of e2eTracks) {
    const file = path.join(libraryDir, t.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    execFileSync('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', `sine=frequency=${t.frequency}:duration=${SECONDS}:sample_rate=44100`,
      '-af', 'volume=0.3', ...codec[t.format],
      '-metadata', `title=${t.title}`, '-metadata', `artist=${t.artist}`, '-metadata', `album_artist=${t.artist}`,
      '-metadata', `album=${t.album}`, '-metadata', `track=${t.track}/${t.of}`, '-metadata', `genre=${t.genre}`,
      '-metadata', `date=${t.year}`,
      file,
    ]);
  }
}

/** Makes the library once; later runs reuse it. */
export async function ensureLibrary(): Promise<string> {
  if (fs.existsSync(marker)) return libraryDir;
  fs.rmSync(libraryDir, { recursive: true, force: true });
  fs.mkdirSync(libraryDir, { recursive: true });
  if (!(await withFixtureModule())) withFfmpeg();
  fs.writeFileSync(marker, new Date().toISOString());
  return libraryDir;
}

/** A small library with a file the browser cannot decode (AIFF) between two good ones. */
export const brokenDir = path.join(repoRoot, '.cache/e2e/broken-v1');

export function ensureBrokenLibrary(): string {
  const done = `${brokenDir}.complete`;
  if (fs.existsSync(done)) return brokenDir;
  fs.rmSync(brokenDir, { recursive: true, force: true });
  const dir = path.join(brokenDir, 'Odd Formats');
  fs.mkdirSync(dir, { recursive: true });
  const tracks: [string, string, string[]][] = [
    ['01 Fine Start.mp3', 'Fine Start', ['-c:a', 'libmp3lame', '-q:a', '6', '-id3v2_version', '3']],
    ['02 Cannot Play.aiff', 'Cannot Play', ['-c:a', 'pcm_s16be', '-write_id3v2', '1']],
    ['03 Fine End.mp3', 'Fine End', ['-c:a', 'libmp3lame', '-q:a', '6', '-id3v2_version', '3']],
  ];
  tracks.forEach(([file, title, codec], i) => {
    execFileSync('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', `sine=frequency=${300 + i * 100}:duration=8:sample_rate=44100`,
      '-af', 'volume=0.3', ...codec,
      '-metadata', `title=${title}`, '-metadata', 'artist=Edge Cases', '-metadata', 'album_artist=Edge Cases',
      '-metadata', 'album=Odd Formats', '-metadata', `track=${i + 1}/3`, '-metadata', 'genre=Test', '-metadata', 'date=2020',
      path.join(dir, file),
    ]);
  });
  fs.writeFileSync(done, new Date().toISOString());
  return brokenDir;
}
