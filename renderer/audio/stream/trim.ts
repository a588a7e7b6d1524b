// Gapless trimming: keeps exactly the samples of a track's timeline window [from, to) out of the
// decoder's output, whose first sample sits at a known timeline position (negative for encoder
// delay: AAC priming from the edit list, MP3 delay + the decoder's 529). When the end is known only
// relative to the stream's end (MP3 LAME padding, WebM DiscardPadding), the last `endDiscard`
// frames are held back until the stream ends and then dropped. Pure and DOM-free.

export type Planar = Float32Array[];

export interface TrimWindow {
  /** First timeline frame to keep (0, or a seek target). */
  from: number;
  /** Timeline frame after the last one to keep (Infinity: up to the stream's end). */
  to: number;
  /** Frames to drop from the very end of the decoded stream. */
  endDiscard: number;
}

export function framesOf(p: Planar): number {
  return p[0]?.length ?? 0;
}

function slice(p: Planar, start: number, end: number): Planar {
  return p.map((c) => c.subarray(start, end));
}

export class Trimmer {
  private readonly w: TrimWindow;
  private held: Planar[] = [];
  private heldFrames = 0;
  private done = false;

  constructor(window: TrimWindow) {
    this.w = window;
  }

  /** True once `to` was reached: nothing more will be kept. */
  get complete(): boolean {
    return this.done;
  }

  /** A decoded block whose first frame sits at timeline position `at`; returns the frames to play. */
  push(block: Planar, at: number): Planar[] {
    if (this.done) return [];
    const n = framesOf(block);
    const start = Math.max(0, this.w.from - at);
    const end = Math.min(n, this.w.to - at);
    if (at + n >= this.w.to) this.done = true;
    if (end <= start) return [];
    const kept = start === 0 && end === n ? block : slice(block, start, end);
    if (this.w.endDiscard <= 0) return [kept];
    this.held.push(kept);
    this.heldFrames += framesOf(kept);
    const out: Planar[] = [];
    while (this.held.length > 0) {
      const first = this.held[0];
      if (!first) break;
      const f = framesOf(first);
      const free = this.heldFrames - this.w.endDiscard;
      if (free <= 0) break;
      if (f <= free) {
        out.push(first);
        this.held.shift();
        this.heldFrames -= f;
      } else {
        out.push(slice(first, 0, free));
        this.held[0] = slice(first, free, f);
        this.heldFrames -= free;
      }
    }
    return out;
  }

  /** The stream ended: whatever was held back beyond `endDiscard` (nothing, by construction). */
  finish(): Planar[] {
    this.done = true;
    this.held = [];
    this.heldFrames = 0;
    return [];
  }
}
