// The gating blocks of EBU R128 / ITU-R BS.1770: 400 ms blocks every 100 ms. ffmpeg's ebur128 prints
// each block's loudness (the momentary "M", 0.1 LU resolution); we keep them as a histogram of 0.1 LU
// bins from the absolute gate (-70 LUFS) up, so the loudness of any set of tracks — an album as a
// whole — is computed with BS.1770's two gates over all their blocks, without decoding again.
// Stored compactly (`encode`/`decode`: varints, ~0.3 KB per track).

/** The absolute gate (LUFS); blocks below it are never counted. */
export const ABSOLUTE_GATE = -70;
/** The relative gate: blocks more than this many LU below the absolutely-gated loudness drop out. */
export const RELATIVE_GATE = -10;
const BINS_PER_LU = 10;

/** Counts of blocks per 0.1 LU bin; bin `min + i` holds blocks of loudness -70 + (min + i) / 10 LUFS. */
export interface BlockHistogram {
  min: number;
  counts: number[];
}

const binOf = (lufs: number): number => Math.round((lufs - ABSOLUTE_GATE) * BINS_PER_LU);
const lufsOf = (bin: number): number => ABSOLUTE_GATE + bin / BINS_PER_LU;
const power = (lufs: number): number => 10 ** ((lufs + 0.691) / 10);
const loudness = (meanPower: number): number => -0.691 + 10 * Math.log10(meanPower);

/** A histogram of block loudness values (LUFS; blocks below the absolute gate are dropped). */
export function histogramOf(blocks: Iterable<number>): BlockHistogram {
  const byBin = new Map<number, number>();
  for (const l of blocks) {
    if (!Number.isFinite(l) || l < ABSOLUTE_GATE) continue;
    const b = binOf(l);
    byBin.set(b, (byBin.get(b) ?? 0) + 1);
  }
  return dense(byBin);
}

function dense(byBin: ReadonlyMap<number, number>): BlockHistogram {
  if (byBin.size === 0) return { min: 0, counts: [] };
  const bins = [...byBin.keys()];
  const min = Math.min(...bins);
  const counts = new Array<number>(Math.max(...bins) - min + 1).fill(0);
  for (const [b, n] of byBin) counts[b - min] = n;
  return { min, counts };
}

/** The histogram of several tracks' blocks together. */
export function merge(histograms: Iterable<BlockHistogram>): BlockHistogram {
  const byBin = new Map<number, number>();
  for (const h of histograms) h.counts.forEach((n, i) => n > 0 && byBin.set(h.min + i, (byBin.get(h.min + i) ?? 0) + n));
  return dense(byBin);
}

/** Integrated (gated) loudness in LUFS per BS.1770-4; -Infinity when no block passes the gates. */
export function integratedLoudness(h: BlockHistogram): number {
  let sum = 0;
  let n = 0;
  h.counts.forEach((c, i) => {
    sum += c * power(lufsOf(h.min + i));
    n += c;
  });
  if (n === 0) return -Infinity;
  const threshold = loudness(sum / n) + RELATIVE_GATE;
  sum = 0;
  n = 0;
  h.counts.forEach((c, i) => {
    const l = lufsOf(h.min + i);
    if (c === 0 || l < threshold - 1e-9) return;
    sum += c * power(l);
    n += c;
  });
  return n === 0 ? -Infinity : loudness(sum / n);
}

// Storage: unsigned LEB128 varints — zigzag(min), length, counts.
function putVarint(out: number[], v: number): void {
  let x = v;
  while (x >= 0x80) {
    out.push((x % 0x80) | 0x80);
    x = Math.floor(x / 0x80);
  }
  out.push(x);
}

export function encode(h: BlockHistogram): Buffer {
  const out: number[] = [];
  putVarint(out, h.min >= 0 ? h.min * 2 : -h.min * 2 - 1);
  putVarint(out, h.counts.length);
  for (const c of h.counts) putVarint(out, c);
  return Buffer.from(out);
}

/** Throws on bytes that are not an encoded histogram. */
export function decode(data: Uint8Array): BlockHistogram {
  let at = 0;
  const next = (): number => {
    let v = 0;
    let scale = 1;
    for (;;) {
      const byte = data[at++];
      if (byte === undefined || scale > 2 ** 42) throw new Error('damaged loudness block histogram');
      v += (byte & 0x7f) * scale;
      if (byte < 0x80) return v;
      scale *= 0x80;
    }
  };
  const z = next();
  const min = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  const length = next();
  if (length > 100_000) throw new Error('damaged loudness block histogram');
  const counts = Array.from({ length }, next);
  return { min, counts };
}
