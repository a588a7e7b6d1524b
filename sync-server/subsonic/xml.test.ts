// The Subsonic XML encoding (fast-xml-builder, configured in xml.ts): the schema's conventions,
// real answers byte for byte against what the hand-written serializer wrote before, escaping, and
// the characters XML 1.0 cannot carry.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { structuredLyrics } from './lyrics.ts';
import { toXml } from './xml.ts';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, textNodeName: 'value', parseAttributeValue: false, parseTagValue: false, trimValues: false });
const parse = (xml: string) => parser.parse(xml) as Record<string, Record<string, unknown>>;

describe('xml conventions', () => {
  it('encodes scalars as attributes, objects and arrays as elements, `value` as text', () => {
    expect(toXml('r', { a: 1, b: true, c: 'x', n: null, u: undefined, child: { d: 'y' }, list: [{ e: 1 }, { e: 2 }], tags: ['p', 'q'], empty: [] }))
      .toBe('<r a="1" b="true" c="x"><child d="y"/><list e="1"/><list e="2"/><tags>p</tags><tags>q</tags></r>');
    expect(toXml('genre', { songCount: 3, albumCount: 1, value: 'Rock & Roll' })).toBe('<genre songCount="3" albumCount="1">Rock &amp; Roll</genre>');
    expect(toXml('genre', [{ value: 'Jazz' }, { value: 'Pop', songCount: 2 }])).toBe('<genre>Jazz</genre><genre songCount="2">Pop</genre>');
  });

  it('writes booleans and zeros as values (never a bare attribute name), and empty elements self-closed', () => {
    expect(toXml('subsonic-response', { xmlns: 'http://subsonic.org/restapi', status: 'ok', openSubsonic: true, starred: false, count: 0, playlists: {}, line: { start: 0, value: '' } }))
      .toBe('<subsonic-response xmlns="http://subsonic.org/restapi" status="ok" openSubsonic="true" starred="false" count="0"><playlists/><line start="0"/></subsonic-response>');
    expect(toXml('starred2', { artist: [], album: [], song: [] })).toBe('<starred2/>');
  });
});

describe('real answers, before and after the library', () => {
  // Taken from a sync server's answers (search3, getAlbumList2, getLyricsBySongId). `before` is what
  // the hand-written serializer wrote; the builder writes the same bytes but for `'` in attributes
  // (`&apos;`, which it always escapes there) and `<x/>` for an empty `<x></x>`.
  it('a song (getSong, search3): special characters, genres, artists, replayGain', () => {
    const song = {
      id: 'tr-666373232280', parent: 'al-183', isDir: false, title: 'Don\'t <stop> & "go"\u0001', album: 'Album d\'été', artist: 'Artist 33', track: 4,
      year: 2001, genre: 'Bossa & Nova', size: 64, contentType: 'audio/mp4', suffix: 'm4a', duration: 180, bitRate: 256, samplingRate: 44100, channelCount: 2,
      path: 'Artist 33/Album d\'été/04 - Don\'t <stop> & "go"_.m4a', isVideo: false, playCount: 0, discNumber: 1, created: '2023-11-14T22:13:20.000Z',
      albumId: 'al-183', artistId: 'ar-33', type: 'music', mediaType: 'song', genres: [{ name: 'Bossa & Nova' }, { name: 'Jazz' }],
      artists: [{ id: 'ar-33', name: 'Artist 33' }], displayArtist: 'Artist 33', albumArtists: [{ id: 'ar-33', name: 'Artist 33' }],
      displayAlbumArtist: 'Artist 33', moods: [], replayGain: { trackGain: -4, trackPeak: 0.89 },
    };
    const before = '<song id="tr-666373232280" parent="al-183" isDir="false" title="Don\'t &lt;stop&gt; &amp; &quot;go&quot;" album="Album d\'été" artist="Artist 33" track="4" year="2001" genre="Bossa &amp; Nova" size="64" contentType="audio/mp4" suffix="m4a" duration="180" bitRate="256" samplingRate="44100" channelCount="2" path="Artist 33/Album d\'été/04 - Don\'t &lt;stop&gt; &amp; &quot;go&quot;_.m4a" isVideo="false" playCount="0" discNumber="1" created="2023-11-14T22:13:20.000Z" albumId="al-183" artistId="ar-33" type="music" mediaType="song" displayArtist="Artist 33" displayAlbumArtist="Artist 33"><genres name="Bossa &amp; Nova"/><genres name="Jazz"/><artists id="ar-33" name="Artist 33"/><albumArtists id="ar-33" name="Artist 33"/><replayGain trackGain="-4" trackPeak="0.89"/></song>';
    expect(toXml('song', song)).toBe(before.replaceAll('\'', '&apos;'));
  });

  it('an album list (getAlbumList2): releaseTypes as repeated text elements, an empty moods list', () => {
    const album = {
      id: 'al-600', name: 'Album 0 d\'été', artist: 'Artist 0', artistId: 'ar-150', songCount: 5, duration: 900, playCount: 0, created: '2026-11-30T08:41:35.763Z',
      year: 2001, genre: 'Bossa & Nova', genres: [{ name: 'Bossa & Nova' }, { name: 'Jazz' }], artists: [{ id: 'ar-150', name: 'Artist 0' }],
      displayArtist: 'Artist 0', releaseTypes: ['Album'], moods: [], isCompilation: false,
    };
    const before = '<albumList2><album id="al-600" name="Album 0 d\'été" artist="Artist 0" artistId="ar-150" songCount="5" duration="900" playCount="0" created="2026-11-30T08:41:35.763Z" year="2001" genre="Bossa &amp; Nova" displayArtist="Artist 0" isCompilation="false"><genres name="Bossa &amp; Nova"/><genres name="Jazz"/><artists id="ar-150" name="Artist 0"/><releaseTypes>Album</releaseTypes></album></albumList2>';
    expect(toXml('albumList2', { album: [album] })).toBe(before.replaceAll('\'', '&apos;'));
  });

  it('lyrics (getLyricsBySongId): synced lines with start, an empty line, unsynced lines', () => {
    const answer = { structuredLyrics: [
      structuredLyrics({ artist: 'Aimee', title: 'Tagged' }, {
        synced: true, lang: 'eng', offsetMs: 150, source: 'sidecar',
        lines: [{ startMs: 0, text: 'Hello <there> & "you"' }, { startMs: 1500, text: '' }, { startMs: 2750, text: 'It\'s\u0007 me' }],
      }),
      structuredLyrics({ artist: 'Aimee', title: 'Tagged' }, { synced: false, lang: null, offsetMs: 0, source: 'embedded', lines: [{ startMs: null, text: 'Hello' }, { startMs: null, text: 'World' }] }),
    ] };
    const before = '<lyricsList><structuredLyrics displayArtist="Aimee" displayTitle="Tagged" lang="eng" offset="150" synced="true"><line start="0">Hello &lt;there&gt; &amp; "you"</line><line start="1500"></line><line start="2750">It\'s me</line></structuredLyrics><structuredLyrics displayArtist="Aimee" displayTitle="Tagged" lang="und" offset="0" synced="false"><line>Hello</line><line>World</line></structuredLyrics></lyricsList>';
    expect(toXml('lyricsList', answer)).toBe(before.replace('<line start="1500"></line>', '<line start="1500"/>'));
  });
});

describe('escaping', () => {
  it('attributes: markup, both quotes, and tab, LF and CR as character references (a parser reads them back, not as spaces)', () => {
    const title = 'a<b>&"c" it\'s\tx\ny\r\nz';
    const xml = toXml('song', { title });
    expect(xml).toBe('<song title="a&lt;b&gt;&amp;&quot;c&quot; it&apos;s&#9;x&#10;y&#13;&#10;z"/>');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(parse(xml).song?.title).toBe(title);
  });

  it('text: markup escaped, quotes as they are, line breaks kept (as references)', () => {
    const text = 'Hello <there> & "you", it\'s\nme\r\n\tagain';
    const xml = toXml('lyrics', { artist: 'A', value: text });
    expect(xml).toBe('<lyrics artist="A">Hello &lt;there&gt; &amp; "you", it\'s&#10;me&#13;&#10;&#9;again</lyrics>');
    expect(parse(xml).lyrics?.value).toBe(text);
    expect(toXml('r', { tag: ['a&b', '<c>'] })).toBe('<r><tag>a&amp;b</tag><tag>&lt;c&gt;</tag></r>');
  });
});

describe('characters XML 1.0 cannot carry', () => {
  const forbidden = [
    ...Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).filter((c) => !'\t\n\r'.includes(c)),
    '\ud800', '\udbff', '\udc00', '\udfff', '\ufffe', '\uffff',
  ];
  // Allowed at the edges of the ranges: tab, LF, CR, U+D7FF, U+E000, U+FFFD, U+10000, U+10FFFF, an emoji.
  const allowed = 'a\t\n\r\ud7ff\ue000\ufffd\ud800\udc00\udbff\udfff\ud83c\udfb5z';
  // Anything outside XML 1.0's Char production (§2.2). fast-xml-parser's validator does not check it.
  const xmlInvalid = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

  it('are removed from attributes, `value` text and text items; everything else is kept', () => {
    for (const c of forbidden) {
      const name = `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
      const xml = toXml('song', { title: `x${c}y`, lyrics: { value: `x${c}y` }, tag: [`x${c}y`] });
      expect(xml, name).toBe('<song title="xy"><lyrics>xy</lyrics><tag>xy</tag></song>');
    }
    // A lone surrogate next to a pair: only the lone one goes.
    expect(toXml('song', { title: '\ud83c\ud83c\udfb5\udfb5' })).toBe('<song title="\ud83c\udfb5"/>');
    const xml = toXml('song', { title: allowed, lyrics: { value: allowed } });
    expect(xml).not.toMatch(xmlInvalid);
    const parsed = parse(xml).song as { title: string; lyrics: unknown };
    expect(parsed.title).toBe(allowed);
    expect(parsed.lyrics).toBe(allowed);
  });

  it('leave a well-formed document of XML 1.0 characters only, whatever the input', () => {
    const all = Array.from({ length: 0x80 }, (_, c) => String.fromCharCode(c)).join('') + forbidden.join('') + allowed;
    const xml = toXml('song', { title: all, line: [{ start: 0, value: all }] });
    expect(xml).not.toMatch(xmlInvalid);
    expect(XMLValidator.validate(xml)).toBe(true);
  });
});
