// WebM/Matroska end trimming: the last block of an Opus stream sits in a BlockGroup with a
// DiscardPadding element (ID 0x75A2, signed nanoseconds) saying how much of its decoded audio is
// padding. mediabunny does not surface it, so the engine reads the file's last bytes and looks for
// the last such element (a 1–8 byte size, a value between 0 and one second).

export function discardPaddingNs(tail: Uint8Array): number {
  for (let i = tail.length - 3; i >= 0; i--) {
    if (tail[i] !== 0x75 || tail[i + 1] !== 0xa2) continue;
    const sizeByte = tail[i + 2] ?? 0;
    if ((sizeByte & 0xf0) !== 0x80) continue; // one-byte vint sizes 1..8 (0x81..0x88)
    const n = sizeByte & 0x0f;
    if (n < 1 || n > 8 || i + 3 + n > tail.length) continue;
    let v = 0;
    for (let k = 0; k < n; k++) v = v * 256 + (tail[i + 3 + k] ?? 0);
    if (((tail[i + 3] ?? 0) & 0x80) !== 0) v -= 2 ** (8 * n); // signed
    if (v > 0 && v < 1e9) return v;
  }
  return 0;
}
