import { describe, expect, it } from 'vitest';
import { parseITunSMPB } from '../../../app/contract/itunSmpb.ts';
import { readITunSMPB } from './mp4Smpb.ts';

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
function box(type: string, ...content: number[][]): number[] {
  const body = content.flat();
  const size = 8 + body.length;
  return [(size >>> 24) & 0xff, (size >>> 16) & 0xff, (size >>> 8) & 0xff, size & 0xff, ...ascii(type), ...body];
}
const full = (type: string, ...content: number[][]) => box(type, [0, 0, 0, 0], ...content);
const SMPB = ' 00000000 00000840 000001CA 00000000003F31F6 00000000 00000000';
const freeform = (name: string, value: string) =>
  box('----', full('mean', ascii('com.apple.iTunes')), full('name', ascii(name)), box('data', [0, 0, 0, 1, 0, 0, 0, 0], ascii(value)));
const moov = box('moov', box('mvhd', new Array(100).fill(0)), box('udta', full('meta', full('hdlr', new Array(25).fill(0)), box('ilst', freeform('iTunNORM', ' 0000'), freeform('iTunSMPB', SMPB)))));

function reader(bytes: number[]) {
  const b = Uint8Array.from(bytes);
  return { fileSize: b.length, read: async (s: number, e: number) => b.subarray(s, e) };
}

describe('iTunSMPB', () => {
  it('is read from the moov, in front of the audio or after it', async () => {
    const ftyp = box('ftyp', ascii('M4A '), [0, 0, 0, 0]);
    const mdat = box('mdat', new Array(300_000).fill(7));
    for (const file of [[...ftyp, ...moov, ...mdat], [...ftyp, ...mdat, ...moov]]) {
      const text = await readITunSMPB(reader(file));
      expect(text).toBe(SMPB);
      expect(parseITunSMPB(text ?? '')).toEqual({ priming: 0x840, padding: 0x1ca, length: 0x3f31f6 });
    }
  });

  it('is null when the file has none, or its boxes are broken', async () => {
    expect(await readITunSMPB(reader([...box('ftyp', ascii('M4A ')), ...box('moov', box('mvhd', [0, 0, 0, 0]))]))).toBeNull();
    expect(await readITunSMPB(reader([0, 0, 0, 3, ...ascii('junk')]))).toBeNull();
  });
});
