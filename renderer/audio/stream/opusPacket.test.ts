import { describe, expect, it } from 'vitest';
import { opusPacketSamples, snapToPacketGrid } from './opusPacket.ts';

describe('Opus packets', () => {
  it('reads the length a packet decodes to from its TOC', () => {
    expect(opusPacketSamples(Uint8Array.of((31 << 3) | 0))).toBe(960); // CELT 20 ms, one frame
    expect(opusPacketSamples(Uint8Array.of((28 << 3) | 1))).toBe(240); // CELT 2.5 ms, two frames
    expect(opusPacketSamples(Uint8Array.of((1 << 3) | 3, 3))).toBe(2880); // SILK 20 ms, three frames (code 3)
    expect(opusPacketSamples(Uint8Array.of((15 << 3) | 0))).toBe(960); // hybrid 20 ms
    expect(opusPacketSamples(new Uint8Array(0))).toBe(0);
  });

  it('puts a millisecond-rounded WebM time back on the packet grid', () => {
    // ffmpeg's WebM: block k of 20 ms frames at round(20k − 6.5) + 7 ms, i.e. 20k + 1 ms for k ≥ 1.
    for (const k of [0, 1, 2, 349, 350]) {
      const rounded = Math.round((k === 0 ? 0 : 20 * k + 1) * 48);
      expect(snapToPacketGrid(rounded, 960)).toBe(960 * k);
    }
    expect(snapToPacketGrid(1234, 0)).toBe(1234);
  });
});
