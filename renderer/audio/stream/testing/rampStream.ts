// A track's decoded stream for the feeder's tests under Node, where WebCodecs cannot decode: mono
// PCM whose sample at output frame n is n itself, so what the output plays says exactly which
// frames it was fed, in order. Its opening is held until the test lets it finish (`opened`).
import type { PcmStream } from '../slot.ts';

const BLOCK = 4096;

export class RampStream implements PcmStream {
  readonly lengthFrames: number;
  /** Every start(), in order. */
  readonly starts: number[] = [];
  private pos = 0;
  private gen = 0;

  constructor(lengthFrames: number) {
    this.lengthFrames = lengthFrames;
  }

  start(fromOut: number): void {
    this.starts.push(fromOut);
    this.pos = fromOut;
    this.gen++;
  }

  async read(): Promise<Float32Array[] | null> {
    const gen = this.gen;
    await Promise.resolve();
    if (gen !== this.gen || this.pos >= this.lengthFrames) return null;
    const n = Math.min(BLOCK, this.lengthFrames - this.pos);
    const block = Float32Array.from({ length: n }, (_, i) => this.pos + i);
    this.pos += n;
    return [block];
  }

  close(): void {
    this.gen++;
  }
}

/** A stream whose opening the test finishes: `open` for the feeder, `opened()` to let it through. */
export function heldOpen(stream: RampStream): { open: Promise<RampStream>; opened(): void } {
  let release = () => {};
  const open = new Promise<RampStream>((resolve) => (release = () => resolve(stream)));
  return { open, opened: () => release() };
}
