import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp.ts';
import { FfmpegMissingError, lastErrorLine, resolveFfmpeg } from './ffmpeg.ts';
import { transcode } from './transcode.ts';
import { AAC_LADDER } from './ladders.ts';

const dir = tempDir('tonearm-ffmpeg-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeBin(sub: string, name: string): string {
  mkdirSync(path.join(dir, sub), { recursive: true });
  const file = path.join(dir, sub, name);
  writeFileSync(file, '#!/bin/sh\nexit 0\n');
  chmodSync(file, 0o755);
  return file;
}

describe('resolveFfmpeg', () => {
  const a = fakeBin('a', 'ffmpeg');
  const aProbe = fakeBin('a', 'ffprobe');
  const b = fakeBin('b', 'ffmpeg');
  const pathDir = path.join(dir, 'onpath');
  const onPathFfmpeg = fakeBin('onpath', 'ffmpeg');
  const onPathProbe = fakeBin('onpath', 'ffprobe');

  it('prefers the explicit option, then FFMPEG_PATH/FFPROBE_PATH, then PATH', () => {
    const env = { PATH: pathDir, FFMPEG_PATH: b };
    expect(resolveFfmpeg({ ffmpegPath: a }, env)).toEqual({ ffmpeg: a, ffprobe: aProbe });
    // ffprobe is not next to b: PATH's.
    expect(resolveFfmpeg({}, env)).toEqual({ ffmpeg: b, ffprobe: onPathProbe });
    expect(resolveFfmpeg({}, { PATH: pathDir, FFPROBE_PATH: aProbe })).toEqual({ ffmpeg: onPathFfmpeg, ffprobe: aProbe });
    expect(resolveFfmpeg({}, { PATH: `/nonexistent${path.delimiter}${pathDir}` })).toEqual({ ffmpeg: onPathFfmpeg, ffprobe: onPathProbe });
  });

  it('says in one sentence what is missing and how to fix it', () => {
    expect(() => resolveFfmpeg({}, { PATH: '/nonexistent' })).toThrow(FfmpegMissingError);
    expect(() => resolveFfmpeg({}, { PATH: '/nonexistent' })).toThrow(
      'ffmpeg was not found: install ffmpeg (e.g. `apt-get install ffmpeg`) or set its path in the settings or in FFMPEG_PATH.',
    );
    expect(() => resolveFfmpeg({ ffmpegPath: '/no/such/ffmpeg' }, { PATH: pathDir })).toThrow(
      'ffmpeg was not found at /no/such/ffmpeg (from the ffmpeg path setting): install ffmpeg or correct that path.',
    );
    expect(() => resolveFfmpeg({}, { PATH: pathDir, FFPROBE_PATH: '/x/ffprobe' })).toThrow(/FFPROBE_PATH/);
  });

  it('transcode fails fast with that error when ffmpeg is missing', async () => {
    const source = { path: '/nowhere.flac', codec: 'FLAC', container: 'FLAC', lossless: true, bitrate: null, durationMs: 1000 };
    await expect(transcode({ source, rung: AAC_LADDER.rungs[0]!, outFile: path.join(dir, 'x.m4a'), ffmpegPath: '/no/ffmpeg' })).rejects.toThrow(FfmpegMissingError);
  });

  it('lastErrorLine picks ffmpeg\u2019s own error', () => {
    const stderr = 'Input #0, flac\n  Duration: 00:00:01\n[flac @ 0x1] invalid frame header\nbroken.flac: Invalid data found when processing input\n';
    expect(lastErrorLine(stderr)).toBe('broken.flac: Invalid data found when processing input');
  });
});

describe('import boundary', () => {
  it('fluent-ffmpeg is imported by app/transcoder/ffmpeg.ts only', () => {
    const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const offenders: string[] = [];
    const walk = (rel: string): void => {
      for (const name of readdirSync(path.join(repo, rel))) {
        if (name === 'node_modules' || name.startsWith('.') || name === 'dist') continue;
        const child = path.join(rel, name);
        const st = statSync(path.join(repo, child));
        if (st.isDirectory()) walk(child);
        else if (/\.(ts|tsx|js|mjs|cjs)$/.test(name) && child !== path.join('app', 'transcoder', 'ffmpeg.ts')) {
          if (/(from\s+|import\s*\(\s*|require\s*\(\s*)['"]fluent-ffmpeg['"]/.test(readFileSync(path.join(repo, child), 'utf8'))) offenders.push(child);
        }
      }
    };
    for (const top of ['app', 'main', 'renderer', 'sync-server', 'scripts', 'e2e']) {
      try {
        walk(top);
      } catch {
        // folder absent
      }
    }
    expect(offenders).toEqual([]);
  });
});
