// iTunes' gapless tag on AAC in MP4, `----:com.apple.iTunes:iTunSMPB`: " 00000000 00000840 000001CA
// 00000000003F31F6 …" — hex fields: (reserved), the encoder's priming, the end padding and the
// number of samples the track really holds. Read by the scanner (the track's duration), the
// transcoder (exact renditions) and the player (what to play); one parser for all three.

export interface ITunSMPB {
  priming: number;
  padding: number;
  length: number;
}

/** The tag's priming, padding and length; null unless its first four fields are hex numbers (length > 0). */
export function parseITunSMPB(text: string): ITunSMPB | null {
  const fields = text.trim().split(/\s+/);
  if (fields.length < 4 || !fields.slice(0, 4).every((f) => /^[0-9a-f]{1,16}$/i.test(f))) return null;
  const [priming, padding, length] = fields.slice(1, 4).map((f) => Number.parseInt(f, 16)) as [number, number, number];
  if (![priming, padding, length].every(Number.isSafeInteger) || length <= 0) return null;
  return { priming, padding, length };
}
