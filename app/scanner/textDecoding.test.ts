// Fields the formats leave without an encoding (RIFF INFO, ID3v1, ID3v2 "ISO-8859-1" frames) are
// read as UTF-8 when they are valid UTF-8, else as Windows-1252 — like foobar2000 and Mp3tag. The
// fix is in music-metadata (patches/music-metadata+*.patch, applied on install); these real files
// check it end to end through the scanner.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMutagenScript, writeTracks } from '../testing/audio.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';

// Frames with encoding 0 whose text is given as raw bytes (latin-1 round-trips bytes unchanged).
const ID3_SCRIPT = String.raw`
import sys, json
from mutagen.id3 import ID3, TIT2, TPE1, TALB, TCON
from mutagen.wave import WAVE
for op in json.load(sys.stdin):
    raw = lambda key: bytes.fromhex(op[key]).decode('latin-1')
    if op['file'].endswith('.wav'):
        f = WAVE(op['file'])
        f.add_tags()
        tags = f.tags
    else:
        tags = ID3()
    tags.add(TIT2(encoding=0, text=[raw('title')]))
    tags.add(TPE1(encoding=0, text=[raw('artist')]))
    tags.add(TALB(encoding=0, text=[raw('album')]))
    if op['file'].endswith('.wav'):
        f.save()
    else:
        tags.save(op['file'], v2_version=3)
`;

const hex = (text: string, encoding: 'utf8' | 'cp1252'): string =>
  encoding === 'utf8' ? Buffer.from(text, 'utf8').toString('hex') : Buffer.from(new Cp1252().encode(text)).toString('hex');

/** Windows-1252 encoder for the test's own inputs (TextEncoder only does UTF-8). */
class Cp1252 {
  private readonly map = new Map<string, number>();
  constructor() {
    const decoder = new TextDecoder('windows-1252');
    for (let b = 0; b < 256; b++) this.map.set(decoder.decode(Uint8Array.of(b)), b);
  }
  encode(text: string): Uint8Array {
    return Uint8Array.from([...text], (ch) => this.map.get(ch) ?? 0x3f);
  }
}

/** An ID3v1 tag (128 bytes) with raw field bytes. */
function id3v1(fields: { title: Uint8Array; artist: Uint8Array; album: Uint8Array }): Buffer {
  const tag = Buffer.alloc(128);
  tag.write('TAG', 0, 'latin1');
  Buffer.from(fields.title).copy(tag, 3, 0, 30);
  Buffer.from(fields.artist).copy(tag, 33, 0, 30);
  Buffer.from(fields.album).copy(tag, 63, 0, 30);
  tag[127] = 255;
  return tag;
}

describe('text without a declared encoding', () => {
  let lib: TempLibrary;
  const track = (file: string) => lib.catalog.db.prepare(`SELECT t.title, t.artist_display AS artist, t.tag_album AS album,
      (SELECT group_concat(a.name, '|') FROM track_artists ta JOIN artists a ON a.id = ta.artist_id
        WHERE ta.track_id = t.id AND ta.role = 'artist') AS artists
    FROM tracks t WHERE t.path = ?`).get(path.join(lib.music, file)) as { title: string; artist: string; album: string; artists: string };

  beforeAll(async () => {
    lib = tempLibrary();
    await writeTracks(lib.music, [
      // ffmpeg writes RIFF LIST/INFO as the UTF-8 bytes it is given, with no CSET chunk.
      { path: 'wav/info.wav', format: 'wav', frequency: 300, tags: { title: 'Москва', artist: 'Кино', album: 'Группа крови' } },
      { path: 'wav/both.wav', format: 'wav', frequency: 310, tags: { title: 'Zürich Nächte', artist: 'Kraftwerk Ünd Co', album: 'Straße' } },
      { path: 'id3/utf8.mp3', format: 'mp3', frequency: 320 },
      { path: 'id3/cp1252.mp3', format: 'mp3', frequency: 330 },
      { path: 'v1/utf8.mp3', format: 'mp3', frequency: 340 },
      { path: 'v1/latin1.mp3', format: 'mp3', frequency: 350 },
    ]);
    await runMutagenScript(ID3_SCRIPT, [
      { file: path.join(lib.music, 'id3/utf8.mp3'), title: hex('東京 – ночь', 'utf8'), artist: hex('Björk', 'utf8'), album: hex('Ελληνικά', 'utf8') },
      { file: path.join(lib.music, 'id3/cp1252.mp3'), title: hex('Café “Noir” – Œuvre', 'cp1252'), artist: hex('Motörhead', 'cp1252'), album: hex('Déjà vu', 'cp1252') },
      // The same artist in the RIFF INFO chunk (UTF-8) and in an ID3 chunk: one artist, not two.
      { file: path.join(lib.music, 'wav/both.wav'), title: hex('Zürich Nächte', 'utf8'), artist: hex('Kraftwerk Ünd Co', 'utf8'), album: hex('Straße', 'utf8') },
    ]);
    // ID3v1 only: strip nothing (the encoder wrote no tags), append a raw ID3v1 block.
    const utf8 = (s: string) => Buffer.from(s, 'utf8');
    fs.appendFileSync(path.join(lib.music, 'v1/utf8.mp3'), id3v1({ title: utf8('Ωραία μέρα στην Αθήνα'), artist: utf8('Sigur Rós'), album: utf8('Ágætis byrjun') }));
    fs.appendFileSync(path.join(lib.music, 'v1/latin1.mp3'), id3v1({ title: new Cp1252().encode('Françoise'), artist: new Cp1252().encode('Mötley Crüe'), album: new Cp1252().encode('Señor') }));
    const result = await lib.scan();
    expect(result.errors).toBe(0);
  }, 60_000);
  afterAll(() => lib?.cleanup());

  it('reads RIFF INFO holding UTF-8 as UTF-8', () => {
    expect(track('wav/info.wav')).toMatchObject({ title: 'Москва', artist: 'Кино', album: 'Группа крови', artists: 'Кино' });
  });

  it('gives one artist when RIFF INFO and an ID3 chunk both name it', () => {
    expect(track('wav/both.wav')).toMatchObject({ title: 'Zürich Nächte', artists: 'Kraftwerk Ünd Co', album: 'Straße' });
  });

  it('reads ID3v2.3 ISO-8859-1 frames holding UTF-8 as UTF-8', () => {
    expect(track('id3/utf8.mp3')).toMatchObject({ title: '東京 – ночь', artist: 'Björk', album: 'Ελληνικά' });
  });

  it('reads other bytes in those frames as Windows-1252', () => {
    expect(track('id3/cp1252.mp3')).toMatchObject({ title: 'Café “Noir” – Œuvre', artist: 'Motörhead', album: 'Déjà vu' });
  });

  it('reads ID3v1 as UTF-8 when valid (a character cut at the field end included), else as Windows-1252', () => {
    // 'Ωραία μέρα στην Αθήνα' is 39 bytes of UTF-8: the 30-byte field ends inside a character.
    expect(track('v1/utf8.mp3')).toMatchObject({ title: 'Ωραία μέρα στην', artist: 'Sigur Rós', album: 'Ágætis byrjun' });
    expect(track('v1/latin1.mp3')).toMatchObject({ title: 'Françoise', artist: 'Mötley Crüe', album: 'Señor' });
  });
});
