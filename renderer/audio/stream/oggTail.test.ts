import { ALL_FORMATS, BufferSource, Input } from 'mediabunny';
import { describe, expect, it } from 'vitest';
import { encodedNoise } from '../../../app/testing/encodedNoise.ts';
import { oggCrc, oggEndSamples, parseOggHead } from './oggTail.ts';

// Real Ogg files written by ffmpeg (libopus, libvorbis) with odd lengths; the tail's answer must be
// the exact length and the same as mediabunny's computeDuration (which reads the whole file).
const encode = (name: string, rate: number, samples: number, args: readonly string[]) =>
  encodedNoise({ rate, samples, args, ext: name.split('.').pop() ?? 'ogg' });

/** Reads from memory; counts the 64 KB chunks a ranged reader would fetch. */
function reader(bytes: Uint8Array) {
  const chunks = new Set<number>();
  return {
    fileSize: bytes.length,
    chunks,
    async read(start: number, end: number) {
      const s = Math.max(0, start);
      const e = Math.min(bytes.length, end);
      for (let c = Math.floor(s / 65536); c * 65536 < e; c++) chunks.add(c);
      return bytes.subarray(s, e);
    },
  };
}

async function mediabunnyEnd(bytes: Uint8Array): Promise<number> {
  const track = await new Input({ source: new BufferSource(bytes), formats: ALL_FORMATS }).getPrimaryAudioTrack();
  return Math.round((await track!.computeDuration()) * track!.sampleRate);
}

describe('Ogg end from the last page', () => {
  it.each([
    ['Opus, 48 kHz', 'a.opus', 48000, 480_017, ['-c:a', 'libopus', '-b:a', '96k'], 480_017],
    ['Opus from 44.1 kHz (granules count 48 kHz)', 'b.opus', 44100, 441_001, ['-c:a', 'libopus', '-ar', '48000'], null],
    ['Vorbis, 44.1 kHz', 'c.ogg', 44100, 441_123, ['-c:a', 'libvorbis', '-q:a', '4'], 441_123],
    ['Vorbis, 22.05 kHz', 'd.ogg', 22050, 99_999, ['-c:a', 'libvorbis'], 99_999],
  ] as const)('%s: exact, the same as mediabunny, one window of the tail', async (_name, file, rate, samples, codec, exact) => {
    const bytes = encode(file, rate, samples, [...codec]);
    const head = parseOggHead(bytes.subarray(0, 4096));
    expect(head?.codec).toBe(file.endsWith('.opus') ? 'opus' : 'vorbis');
    if (head?.codec === 'opus') expect(head.preSkip).toBeGreaterThan(0);
    const r = reader(bytes);
    const end = await oggEndSamples(r, head!);
    if (exact !== null) expect(end).toBe(exact);
    expect(end).toBe(await mediabunnyEnd(bytes));
    expect(r.chunks.size).toBeLessThanOrEqual(2);
  });

  it('ignores bytes after the last page, and a last page cut short ends at the page before', async () => {
    const bytes = encode('e.opus', 48000, 240_000, ['-c:a', 'libopus']);
    const head = parseOggHead(bytes)!;
    const junk = new Uint8Array(bytes.length + 128);
    junk.set(bytes);
    junk.set([0x4f, 0x67, 0x67, 0x53, 0, 0, 9, 9], bytes.length + 10); // a stray "OggS" that is no page
    expect(await oggEndSamples(reader(junk), head)).toBe(240_000);
    const cut = await oggEndSamples(reader(bytes.subarray(0, bytes.length - 7)), head);
    expect(cut).not.toBeNull();
    expect(cut!).toBeLessThan(240_000);
  });

  it('declines what is not a lone Opus/Vorbis stream: Ogg FLAC, and a last page of another stream', async () => {
    expect(parseOggHead(encode('f.oga', 44100, 44100, ['-c:a', 'flac', '-f', 'ogg']).subarray(0, 4096))).toBeNull();
    const bytes = encode('g.ogg', 44100, 44100, ['-c:a', 'libvorbis']);
    const head = parseOggHead(bytes)!;
    expect(await oggEndSamples(reader(bytes), { ...head, serial: (head.serial + 1) >>> 0 })).toBeNull();
  });

  it('computes the Ogg CRC over the page with its CRC field as zero', () => {
    const bytes = encode('h.opus', 48000, 48000, ['-c:a', 'libopus']);
    const size = 27 + (bytes[26] ?? 0) + [...bytes.subarray(27, 27 + (bytes[26] ?? 0))].reduce((a, b) => a + b, 0);
    expect(oggCrc(bytes.subarray(0, size))).toBe(new DataView(bytes.buffer, bytes.byteOffset).getUint32(22, true));
  });
});
