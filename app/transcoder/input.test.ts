// Files whose names are not UTF-8 (Latin-1 rips) reach ffmpeg: renditions, loudness and probes work
// from their path keys (app/text/fsPath.ts), as for any other file.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathKey } from '../text/fsPath.ts';
import { tempDir } from '../testing/temp.ts';
import { OPUS_LADDER } from './ladders.ts';
import { measureLoudness, probeSource, transcode } from './transcode.ts';
import { writeSource } from './testSources.ts';

describe('ffmpeg input from a name that is not UTF-8', () => {
  let dir: string;
  let key: string;
  beforeAll(async () => {
    dir = tempDir('tonearm-input-test-');
    const plain = path.join(dir, 'plain.flac');
    await writeSource(plain, 'music', 5);
    // "Café.flac" in Latin-1: the byte 0xe9 alone is not UTF-8.
    const bytes = Buffer.concat([Buffer.from(`${dir}/Caf`), Buffer.from([0xe9]), Buffer.from('.flac')]);
    fs.renameSync(plain, bytes);
    key = pathKey(bytes);
    expect(key).not.toContain('\ufffd');
    expect(fs.existsSync(key)).toBe(false); // the key is not a name fs can open as a string
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('probes it', async () => {
    const info = await probeSource(key);
    expect(info).toMatchObject({ path: key, codec: 'flac', lossless: true });
    expect(Math.abs(info.durationMs - 5000)).toBeLessThan(100);
  });

  it('makes a rendition of it', async () => {
    const source = await probeSource(key);
    const rung = OPUS_LADDER.rungs.find((r) => r.previewSeconds === undefined);
    if (!rung) throw new Error('no full-length Opus rung');
    const outFile = path.join(dir, 'out.opus');
    const result = await transcode({ source, rung, outFile });
    expect(result.codec).toBe('opus');
    expect(Math.abs(result.durationMs - 5000)).toBeLessThan(100);
  });

  it('measures its loudness', async () => {
    const loudness = await measureLoudness({ file: key });
    expect(loudness.integratedLufs).toBeLessThan(0);
    expect(loudness.integratedLufs).toBeGreaterThan(-40);
  });

  it('leaves no temporary link behind', () => {
    const left = fs.readdirSync(path.dirname(dir)).filter((n) => n.startsWith('tonearm-input-') && !path.join(path.dirname(dir), n).startsWith(dir));
    expect(left).toEqual([]);
  });
});
