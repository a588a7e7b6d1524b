// A small library of the cases the UI must show cleanly: a double album (disc headings), a track
// by two artists (one separator everywhere), and untagged files named the way rippers name them
// ("1-01 Opening Theme.mp3" in "Lost Tapes (2019) [MP3]"). Generated once with ffmpeg; tests that
// change files work on a copy (`copyOddLibrary`).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './library.ts';

export const oddDir = path.join(repoRoot, '.cache/e2e/odd-v1');

interface Spec {
  file: string;
  seconds: number;
  tags: Record<string, string> | null;
}

const specs: Spec[] = [
  { file: 'Orbit/Double Feature/1-01 Side A One.mp3', seconds: 6, tags: { title: 'Side A One', artist: 'Orbit', album_artist: 'Orbit', album: 'Double Feature', track: '1/2', disc: '1/2', genre: 'Space', date: '2020' } },
  { file: 'Orbit/Double Feature/1-02 Side A Two.mp3', seconds: 6, tags: { title: 'Side A Two', artist: 'Orbit', album_artist: 'Orbit', album: 'Double Feature', track: '2/2', disc: '1/2', genre: 'Space', date: '2020' } },
  { file: 'Orbit/Double Feature/2-01 Side B One.mp3', seconds: 6, tags: { title: 'Side B One', artist: 'Orbit', album_artist: 'Orbit', album: 'Double Feature', track: '1/1', disc: '2/2', genre: 'Space', date: '2020' } },
  { file: 'Duo/Shared Stage/01 Together.mp3', seconds: 6, tags: { title: 'Together', artist: 'Alpha; Beta', album_artist: 'Alpha', album: 'Shared Stage', track: '1/2', genre: 'Space', date: '2021' } },
  { file: 'Duo/Shared Stage/02 Alone.mp3', seconds: 6, tags: { title: 'Alone', artist: 'Alpha', album_artist: 'Alpha', album: 'Shared Stage', track: '2/2', genre: 'Space', date: '2021' } },
  { file: 'Unsorted/Lost Tapes (2019) [MP3]/1-01 Opening Theme.mp3', seconds: 6, tags: null },
  { file: 'Unsorted/Lost Tapes (2019) [MP3]/1-02 Closing Theme.mp3', seconds: 6, tags: null },
  { file: 'Unsorted/Lost Tapes (2019) [MP3]/03 - Rain Song.mp3', seconds: 6, tags: null },
];

/** Writes one mp3 of a sine tone, with these tags (or none at all). */
export function writeMp3(file: string, seconds: number, tags: Record<string, string> | null, frequency = 440): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const meta = tags ? Object.entries(tags).flatMap(([k, v]) => ['-metadata', `${k}=${v}`]) : ['-map_metadata', '-1', '-fflags', '+bitexact', '-flags:a', '+bitexact'];
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `sine=frequency=${frequency}:duration=${seconds}:sample_rate=44100`,
    '-af', 'volume=0.3', '-c:a', 'libmp3lame', '-q:a', '7', ...(tags ? ['-id3v2_version', '3'] : ['-write_xing', '0', '-id3v2_version', '0']),
    ...meta, file,
  ]);
}

export function ensureOddLibrary(): string {
  const done = `${oddDir}.complete`;
  if (fs.existsSync(done)) return oddDir;
  fs.rmSync(oddDir, { recursive: true, force: true });
  specs.forEach((s, i) => writeMp3(path.join(oddDir, s.file), s.seconds, s.tags, 300 + i * 40));
  fs.writeFileSync(done, new Date().toISOString());
  return oddDir;
}

/** A private copy to change files in (watched-folder tests). */
export function copyOddLibrary(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonearm-odd-'));
  fs.cpSync(ensureOddLibrary(), dir, { recursive: true });
  return dir;
}
