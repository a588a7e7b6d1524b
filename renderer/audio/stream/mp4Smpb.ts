// iTunSMPB, the gapless info iTunes (and many encoders after it) write into an MP4's
// moov/udta/meta/ilst as a freeform atom ('----' holding mean "com.apple.iTunes", name "iTunSMPB"
// and a data atom with the text " 00000000 00000840 000001CA 00000000003F31F6 …"). mediabunny does
// not expose freeform atoms, so we read it ourselves: the top-level boxes' headers (a few small
// reads, the moov may sit after the audio), then the moov, searched for that name.
import type { ByteRange } from './flacDemux.ts';

/** A moov larger than this is not read for its tags (a long video's sample tables). */
const MAX_MOOV = 16 * 2 ** 20;

const u32 = (b: Uint8Array, o: number) => (((b[o] ?? 0) << 24) >>> 0) + (((b[o + 1] ?? 0) << 16) | ((b[o + 2] ?? 0) << 8) | (b[o + 3] ?? 0));
const fourcc = (b: Uint8Array, o: number) => String.fromCharCode(...b.subarray(o, o + 4));

/** Where the top-level 'moov' box is: its start and size (null: none, or a broken box list). */
async function findMoov(r: ByteRange): Promise<{ at: number; size: number } | null> {
  let pos = 0;
  while (pos + 8 <= r.fileSize) {
    const h = await r.read(pos, Math.min(r.fileSize, pos + 16));
    let size = u32(h, 0);
    const type = fourcc(h, 4);
    if (size === 1) size = u32(h, 8) * 2 ** 32 + u32(h, 12);
    else if (size === 0) size = r.fileSize - pos;
    if (size < 8) return null;
    if (type === 'moov') return { at: pos, size };
    pos += size;
  }
  return null;
}

/** The iTunSMPB text in an MP4 file, or null when it has none. */
export async function readITunSMPB(r: ByteRange): Promise<string | null> {
  const moov = await findMoov(r);
  if (!moov || moov.size > MAX_MOOV) return null;
  const b = await r.read(moov.at, Math.min(r.fileSize, moov.at + moov.size));
  const key = [...'iTunSMPB'].map((c) => c.charCodeAt(0));
  for (let i = 12; i + key.length <= b.length; i++) {
    if (!key.every((k, j) => b[i + j] === k)) continue;
    // name box: size, 'name', version/flags, then the text.
    const name = i - 12;
    if (fourcc(b, name + 4) !== 'name' || u32(b, name) !== 12 + key.length) continue;
    // data box: size, 'data', type, locale, then the value.
    const data = name + u32(b, name);
    const size = u32(b, data);
    if (fourcc(b, data + 4) !== 'data' || size < 16 || data + size > b.length) continue;
    return new TextDecoder().decode(b.subarray(data + 16, data + size));
  }
  return null;
}
