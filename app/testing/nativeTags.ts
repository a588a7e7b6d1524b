// Test helper: writes container-native tags exactly as named (python3-mutagen), for the tag flavours
// `audio.ts` does not cover: lowercase ID3 TXXX descriptions, APEv2 tags on mp3, R128 in Opus, MP4
// free-form atoms in any case, ASF attributes, USLT/SYLT lyrics; and the Ogg Opus header's output gain.
import fs from 'node:fs';
import { findMutagenPython, run } from './audio.ts';

export type NativeTagOp =
  /** Vorbis comments (flac, ogg, opus): key → value(s). */
  | { file: string; vorbis: Record<string, string | string[]> }
  /** ID3v2.4 frames (mp3, aiff). */
  | { file: string; id3: Id3Frame[] }
  /** An APEv2 tag (appended to mp3, or the tag of ape/wv/mpc). */
  | { file: string; ape: Record<string, string> }
  /** MP4 atoms: `----:com.apple.iTunes:NAME` as free-form, others (e.g. `©lyr`) as text. */
  | { file: string; mp4: Record<string, string> }
  /** ASF (wma) attributes. */
  | { file: string; asf: Record<string, string> };

export type Id3Frame =
  | { frame: 'TXXX'; desc: string; text: string }
  | { frame: 'USLT'; lang?: string; desc?: string; text: string }
  /** Synced lyrics with millisecond timestamps. */
  | { frame: 'SYLT'; lang?: string; desc?: string; entries: Array<[string, number]> };

const SCRIPT = String.raw`
import sys, json
for op in json.load(sys.stdin):
    f = op['file']
    if 'vorbis' in op:
        import mutagen
        m = mutagen.File(f)
        for k, v in op['vorbis'].items():
            m[k] = v if isinstance(v, list) else [v]
        m.save()
    elif 'id3' in op:
        from mutagen.id3 import ID3, TXXX, USLT, SYLT
        holder = None
        if f.lower().endswith(('.aif', '.aiff')):
            from mutagen.aiff import AIFF
            holder = AIFF(f)
            if holder.tags is None:
                holder.add_tags()
            t = holder.tags
        else:
            try:
                t = ID3(f)
            except Exception:
                t = ID3()
        for fr in op['id3']:
            if fr['frame'] == 'TXXX':
                t.add(TXXX(encoding=3, desc=fr['desc'], text=[fr['text']]))
            elif fr['frame'] == 'USLT':
                t.add(USLT(encoding=3, lang=fr.get('lang', 'eng'), desc=fr.get('desc', ''), text=fr['text']))
            elif fr['frame'] == 'SYLT':
                t.add(SYLT(encoding=3, lang=fr.get('lang', 'eng'), format=2, type=1, desc=fr.get('desc', ''), text=[(e[0], e[1]) for e in fr['entries']]))
        if holder is not None:
            holder.save(v2_version=4)
        else:
            t.save(f, v2_version=4)
    elif 'ape' in op:
        from mutagen.apev2 import APEv2, APENoHeaderError
        try:
            a = APEv2(f)
        except APENoHeaderError:
            a = APEv2()
        for k, v in op['ape'].items():
            a[k] = v
        a.save(f)
    elif 'mp4' in op:
        from mutagen.mp4 import MP4, MP4FreeForm
        m = MP4(f)
        for k, v in op['mp4'].items():
            m[k] = [MP4FreeForm(v.encode('utf-8'))] if k.startswith('----') else [v]
        m.save()
    elif 'asf' in op:
        from mutagen.asf import ASF
        m = ASF(f)
        for k, v in op['asf'].items():
            m[k] = [v]
        m.save()
`;

export async function writeNativeTags(ops: readonly NativeTagOp[]): Promise<void> {
  if (ops.length > 0) await run(await findMutagenPython(), ['-c', SCRIPT], JSON.stringify(ops));
}

/** Ogg's CRC-32 (polynomial 0x04C11DB7, no reflection, initial 0). */
function oggCrc(data: Uint8Array): number {
  let crc = 0;
  for (const byte of data) {
    crc ^= byte << 24;
    for (let i = 0; i < 8; i++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  return crc >>> 0;
}

/** Sets the output gain (dB, Q7.8) in an Ogg Opus file's `OpusHead` and fixes the page's CRC. */
export function setOpusOutputGain(file: string, gainDb: number): void {
  const data = fs.readFileSync(file);
  const segments = data[26] ?? 0;
  const at = 27 + segments;
  if (data.toString('latin1', 0, 4) !== 'OggS' || data.toString('latin1', at, at + 8) !== 'OpusHead') throw new Error(`${file} is not Ogg Opus`);
  const pageLength = at + Array.from(data.subarray(27, 27 + segments)).reduce((a, b) => a + b, 0);
  data.writeInt16LE(Math.round(gainDb * 256), at + 16);
  data.writeUInt32LE(0, 22);
  data.writeUInt32LE(oggCrc(data.subarray(0, pageLength)), 22);
  fs.writeFileSync(file, data);
}
