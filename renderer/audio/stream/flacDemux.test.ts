import { describe, expect, it } from 'vitest';
import { openFlac, type ByteRange } from './flacDemux.ts';
import { writeFlac } from './testing/flacWriter.ts';

// Valid FLAC streams of random 16-bit samples (full of false frame syncs), read from memory; what
// a ranged reader would fetch is counted in 64 KB chunks.
function reader(bytes: Uint8Array): ByteRange & { readonly asked: number } {
  const chunks = new Set<number>();
  return {
    fileSize: bytes.length,
    get asked() {
      return chunks.size * 65536;
    },
    async read(start: number, end: number) {
      const s = Math.max(0, start);
      const e = Math.min(bytes.length, end);
      for (let c = Math.floor(s / 65536); c * 65536 < e; c++) chunks.add(c);
      return bytes.subarray(s, e);
    },
  };
}

/** Opens `bytes` afresh and seeks to `target`: the first packet must hold that sample. Returns the bytes a ranged reader fetched. */
async function seekTo(bytes: Uint8Array, target: number): Promise<number> {
  const r = reader(bytes);
  const d = await openFlac(r);
  const it = d!.packets(target);
  const first = (await it.next()).value as { at: number; frames: number };
  expect(first.at).toBeLessThanOrEqual(target);
  expect(first.at + first.frames).toBeGreaterThan(target);
  await it.return(undefined);
  return r.asked;
}

const id3v1 = Uint8Array.from({ length: 128 }, (_, i) => (i < 3 ? 'TAG'.charCodeAt(i) : 0x20));

describe('FLAC reader', () => {
  it.each([
    ['stereo, 4096-sample frames', { sampleRate: 44100, channels: 2, blockSize: 4096, totalSamples: 441_000 }],
    ['mono, odd 1000-sample frames, short last one', { sampleRate: 48000, channels: 1, blockSize: 1000, totalSamples: 480_123 }],
    ['an ID3v1 tag after the audio', { sampleRate: 44100, channels: 2, blockSize: 4608, totalSamples: 300_000, trailer: id3v1 }],
  ] as const)('%s: every frame in order, exact length', async (_name, spec) => {
    const bytes = writeFlac(spec);
    const d = await openFlac(reader(bytes));
    expect(d?.length).toBe(spec.totalSamples);
    expect(d?.config).toMatchObject({ codec: 'flac', sampleRate: spec.sampleRate, numberOfChannels: spec.channels });
    let next = 0;
    let frames = 0;
    for await (const p of d!.packets(0)) {
      expect(p.at).toBe(next);
      next += p.frames;
      frames++;
    }
    expect(next).toBe(spec.totalSamples);
    expect(frames).toBe(Math.ceil(spec.totalSamples / spec.blockSize));
  });

  it('seeks by bisection: the frame holding the sample, reading a small part of the file', async () => {
    const bytes = writeFlac({ sampleRate: 44100, channels: 2, blockSize: 4096, totalSamples: 44100 * 60 });
    // A bisection: a few 64 KB reads per halving of the file.
    const bound = (3 * Math.log2(bytes.length / 65536) + 4) * 65536;
    for (const target of [1, 441_000, 2_000_000, 44100 * 60 - 10]) {
      expect(await seekTo(bytes, target), `bytes read to seek to ${target}`).toBeLessThan(bound);
    }
  });

  it('seeks through a SEEKTABLE where the bitrate swings: the frame holding the sample, in a window or two', async () => {
    // The first 9 minutes silent (a few bytes a frame), the last minute noise: a guess by bytes
    // alone would land far off; the table points next to the frame.
    const spec = { sampleRate: 44100, channels: 2, blockSize: 4096, totalSamples: 44100 * 600, silentUntil: 44100 * 540 } as const;
    // Without a table it lands exactly too, reading more (7–21 windows here).
    for (const seekEvery of [0, 44100 * 10]) {
      const bytes = writeFlac({ ...spec, seekEvery });
      const asked: number[] = [];
      for (const target of [44100 * 123 + 17, 44100 * 545, 44100 * 599]) asked.push(await seekTo(bytes, target));
      // With the table: the head, then the seek point's neighbourhood.
      if (seekEvery > 0) for (const n of asked) expect(n, 'bytes read to seek with a SEEKTABLE').toBeLessThanOrEqual(4 * 65536);
    }
  });

  it('says no to what is not FLAC', async () => {
    expect(await openFlac(reader(new TextEncoder().encode('ID3 not flac at all')))).toBeNull();
  });
});
