// Exact Opus packet lengths from the packet's own TOC byte (RFC 6716 §3.1), for containers whose
// timestamps are rounded: Matroska/WebM block times are whole milliseconds, so an Opus packet's
// position read from them is off by up to a millisecond (48 samples) — harmless at a track's start
// (the first packet sits at 0) but a repeated or dropped millisecond after a seek or a rung switch
// mid-track. Opus frames sit on a grid of their own length from the stream's start, so the rounded
// position snaps back to it. Pure.

/** Samples at 48 kHz a packet decodes to (its frames × the frame length its TOC says); 0 if malformed. */
export function opusPacketSamples(data: Uint8Array): number {
  const toc = data[0];
  if (toc === undefined) return 0;
  const config = toc >> 3;
  // SILK 10/20/40/60 ms, hybrid 10/20 ms, CELT 2.5/5/10/20 ms (in 48 kHz samples).
  const frame = config < 12 ? [480, 960, 1920, 2880][config & 3]! : config < 16 ? [480, 960][config & 1]! : [120, 240, 480, 960][config & 3]!;
  const code = toc & 3;
  const count = code === 0 ? 1 : code < 3 ? 2 : (data[1] ?? 0) & 0x3f;
  return frame * count;
}

/** A packet position read from a millisecond timestamp, snapped to the grid of its own length. */
export function snapToPacketGrid(roundedAt: number, samples: number): number {
  return samples > 0 ? Math.round(roundedAt / samples) * samples : roundedAt;
}
