// A synthetic catalog for benchmarks: realistic-ish artists, albums and tracks (diacritics included)
// written straight into SQLite. No audio files; paths point nowhere.
import { mulberry32 as random } from '../../testing/random.ts';
import { openCatalog, type Catalog } from '../../catalog/index.ts';
import { refreshGenreKeys } from '../../catalog/migrations/0014-genre-sort.ts';
import { fold, sortKey } from '../../text/fold.ts';

export interface SyntheticCatalogOptions {
  file: string;
  tracks: number;
  seed?: number;
}

const words = `love night heart blue fire rain summer dream city river light shadow golden silver midnight morning
road home world time song dance girl boy moon sun star sky ocean sea wind storm winter spring autumn day
black white red green wild free young old lost found broken sweet bitter cold warm slow fast high low
café señor mañana noël über straße élan déjà vu naïve coração canção saudade ångström smörgås fjärran
łódź żółw kraków zürich münchen göteborg reykjavík año niño corazón pequeño música vida amor noche luz
electric velvet crystal paper glass iron stone diamond echo ghost angel devil saint sinner king queen
highway railroad harbor garden forest desert mountain valley island kingdom empire paradise heaven
memory whisper thunder lightning rainbow sunset sunrise horizon satellite rocket machine radio television
tonight tomorrow yesterday forever never always maybe again alone together apart beyond between under over
coffee whiskey cigarette candle mirror window door bridge tower castle church temple market station`.split(/\s+/).filter(Boolean);
const firstNames = `John Paul George Ringo Aretha Nina Miles Ella Björk Sigur Édith Françoise Serge Jacques Zoë Chloé
Renée José María Joaquín Sebastián Ana Lucía Mårten Øystein Håkon Jürgen Dvořák Antonín Léa Ólafur Agnès Beyoncé
David Kate Tom Amy Billie Frank Nick Patti Lou Joni Leonard Neil Bob Bruce Stevie Marvin Otis Sam Etta Janis`.split(/\s+/).filter(Boolean);
const lastNames = `Lennon Franklin Simone Davis Fitzgerald Piaf Hardy Gainsbourg Brel Gutiérrez Núñez Ramírez López
Söderström Ødegaard Müller Schäfer Dvořák Arnalds Varda Bush Waits Winehouse Holiday Sinatra Cave Smith Reed Mitchell
Cohen Young Dylan Springsteen Wonder Gaye Redding Cooke James Joplin Rós Björnsson Château Lefèvre Nakamura`.split(/\s+/).filter(Boolean);
const bandNouns = `Beatles Stones Doors Smiths Cure Strokes Killers Pixies Ramones Clash Kinks Byrds Eagles Wolves
Tigers Ravens Pilots Astronauts Cowboys Señoritas Fräuleins Garçons Élèves Ångels Voyageurs Dreamers Drifters Rebels`.split(/\s+/).filter(Boolean);
const genres = `Rock Pop Jazz Blues Soul Funk Electronic Hip-Hop Classical Folk Country Reggae Metal Punk Indie Ambient
Techno House Disco Bossa-Nova Chanson Fado Flamenco Latin R&B Gospel Grunge Shoegaze Trip-Hop World`.split(/\s+/).filter(Boolean);


/** Names that break naive search: stop words only, punctuation, letters NFKD keeps, digit groups, CJK. */
export const awkwardArtists = [
  'The The', 'The Who', '!!!', 'P!nk', 'AC/DC', 'will.i.am', '10,000 Maniacs', 'Sigur Rós', 'Lindstrøm', 'Mötley Crüe', 'Ke$ha',
  'deadmau5', 'MØ', 'Þursaflokkurinn', 'Björk', 'Łona', 'Đorđe Balašević', 'Æther Æsir', 'Straßenjungs', '坂本龍一', '宇多田ヒカル',
  '久石譲', 'BTS 방탄소년단', 'Кино', 'Хор Турецкого', 'Μίκης Θεοδωράκης', 'Ludwig van Beethoven', 'Johann Sebastian Bach',
  'Wolfgang Amadeus Mozart', 'Antonín Dvořák', 'Pyotr Ilyich Tchaikovsky', 'Love', 'Love Andersson', 'Sade', 'Blink-182', 'Sunn O)))',
];
const cjkWords = ['東京', '夜空', '桜', '雨の日', '約束', '風', '花火', '恋', '青い空', 'サクラ', 'ありがとう', '사랑', '하늘', '별빛'];
const otherScripts = ['Москва', 'ночь', 'любовь', 'звезда', 'Αθήνα', 'θάλασσα', 'αγάπη', 'Smørrebrød', 'Æble', 'Fjörður', 'Łąka', 'Straße'];
const keys = ['C major', 'D minor', 'E-flat major', 'F major', 'G minor', 'A major', 'B-flat major', 'C-sharp minor'];
const forms = ['Symphony', 'Piano Concerto', 'String Quartet', 'Piano Sonata', 'Violin Concerto', 'Cello Suite'];
const tempi = ['Allegro', 'Adagio', 'Presto', 'Andante con moto', 'Scherzo. Molto vivace', 'Largo', 'Rondo. Allegro'];
const romans = ['I', 'II', 'III', 'IV'];
const versions = [' (Remastered 2011)', ' - Live', ' [Demo]', ' (Radio Edit)', ' (Acoustic Version)', ' - 2009 Remaster', ' (Live at Wembley)', ' (Extended Mix)'];

const syllables = `ka lo mi ra ne so tu vi be da fe go hi ja ke li mo nu pa re si to va wo za ar el in or us an en on
 ul ost ber ton mar lin dor sen vel kri ste fan gar hol mun rik sal tor vil zé ño ö ü å ø ä ç ł`.split(/\s+/).filter(Boolean);

/**
 * The word pool: real words first (the frequent head), then pseudo-words from syllables (the long
 * tail a real library's titles have), drawn with a Zipf–Mandelbrot distribution (weight
 * 1/(rank + 10)): the most common word is ~1.2% of all words and on ~6% of tracks, about what
 * "love" or "you" are in a large real collection once "the/a/of/and" are set aside.
 */
function wordPool(rnd: () => number, size: number): { words: string[]; cumulative: Float64Array } {
  const pool = new Set(words);
  while (pool.size < size) {
    const n = 2 + Math.floor(rnd() * 3);
    pool.add(Array.from({ length: n }, () => syllables[Math.floor(rnd() * syllables.length)]).join(''));
  }
  const list = [...pool];
  const cumulative = new Float64Array(list.length);
  let sum = 0;
  list.forEach((_, i) => { sum += 1 / (i + 11); cumulative[i] = sum; });
  return { words: list, cumulative: cumulative.map((c) => c / sum) };
}

export function writeSyntheticCatalog(options: SyntheticCatalogOptions): Catalog {
  const rnd = random(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  const pool = wordPool(rnd, 20000);
  const zipfWord = () => {
    const r = rnd();
    let lo = 0;
    let hi = pool.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((pool.cumulative[mid] ?? 1) < r) lo = mid + 1;
      else hi = mid;
    }
    return pool.words[lo] ?? 'love';
  };
  const phrase = (min: number, max: number) => {
    const n = min + Math.floor(rnd() * (max - min + 1));
    return Array.from({ length: n }, () => cap(zipfWord())).join(' ');
  };
  // Titles as a real library has them: mostly phrases, some classical works, other scripts, versions.
  const trackTitleOf = () => {
    const r = rnd();
    const base = r < 0.05 ? `${pick(forms)} No. ${1 + Math.floor(rnd() * 9)} in ${pick(keys)}, Op. ${10 + Math.floor(rnd() * 120)}: ${pick(romans)}. ${pick(tempi)}`
      : r < 0.09 ? `${pick(cjkWords)}${pick(cjkWords)}`
      : r < 0.13 ? `${pick(otherScripts)} ${cap(zipfWord())}`
      : phrase(1, 4);
    return rnd() < 0.1 ? base + pick(versions) : base;
  };
  const catalog = openCatalog({ file: options.file });
  const db = catalog.db;
  const insertArtist = db.prepare('INSERT OR IGNORE INTO artists (name, name_key, sort_name) VALUES (?, ?, ?)');
  const artistId = db.prepare<[string], { id: number }>('SELECT id FROM artists WHERE name_key = ?');
  const insertGenre = db.prepare('INSERT INTO genres (name, name_key) VALUES (?, ?)');
  const insertFolder = db.prepare('INSERT INTO folders (path, parent_id, is_root) VALUES (?, ?, ?)');
  const insertAlbum = db.prepare(`INSERT INTO albums (group_key, title, album_artist_id, is_compilation, year, track_count, duration_ms, added_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertTrack = db.prepare(`INSERT INTO tracks (path, folder_id, size, mtime_ms, fingerprint, container, codec, lossless, bitrate,
    sample_rate, bit_depth, channels, duration_ms, title, track_no, disc_no, year, tag_album, tag_album_artist, tag_compilation,
    artist_display, album_id, added_at, updated_at)
    VALUES (@path, @folder, @size, 0, @fp, @container, @codec, @lossless, @bitrate, 44100, 16, 2, @duration, @title, @trackNo, 1,
      @year, @album, @albumArtist, @compilation, @artist, @albumId, @added, @added)`);
  const insertRole = db.prepare('INSERT OR IGNORE INTO track_artists (track_id, artist_id, role, position) VALUES (?, ?, ?, 0)');
  const insertTrackGenre = db.prepare('INSERT OR IGNORE INTO track_genres (track_id, genre_id) VALUES (?, ?)');

  const artist = (name: string): number => {
    insertArtist.run(name, fold(name), sortKey(name));
    return artistId.get(fold(name))?.id ?? 0;
  };
  db.transaction(() => {
    const genreIds = genres.map((g) => Number(insertGenre.run(g, fold(g)).lastInsertRowid));
    const artistNames = new Set<string>(awkwardArtists);
    const artistCount = Math.max(10, Math.round(options.tracks / 20));
    while (artistNames.size < artistCount) {
      const r = rnd();
      const name = r < 0.45 ? `${pick(firstNames)} ${pick(lastNames)}`
        : r < 0.7 ? `The ${cap(zipfWord())} ${pick(bandNouns)}`
        : r < 0.85 ? `${pick(firstNames)} ${pick(lastNames)} & the ${pick(bandNouns)}`
        : `${cap(zipfWord())} ${cap(zipfWord())}`;
      artistNames.add(name);
    }
    const artists = [...artistNames];
    const root = Number(insertFolder.run('/music', null, 1).lastInsertRowid);
    const various = artist('Various Artists');
    const containers = [['FLAC', 'FLAC', 1, 900000, 'flac'], ['MPEG', 'MPEG 1 Layer 3', 0, 320000, 'mp3'], ['M4A/mp42', 'AAC', 0, 256000, 'm4a'], ['Ogg', 'Opus', 0, 160000, 'opus']] as const;
    let trackNo = 0;
    let albumNo = 0;
    const start = Date.UTC(2020, 0, 1);
    while (trackNo < options.tracks) {
      albumNo += 1;
      const compilation = albumNo > awkwardArtists.length && rnd() < 0.05;
      const albumArtist = albumNo <= awkwardArtists.length ? (awkwardArtists[albumNo - 1] ?? 'Love') : compilation ? 'Various Artists' : pick(artists);
      const albumArtistId = compilation ? various : artist(albumArtist);
      const title = phrase(1, 3);
      const year = 1960 + Math.floor(rnd() * 65);
      const n = Math.min(8 + Math.floor(rnd() * 8), options.tracks - trackNo);
      const [container, codec, lossless, bitrate, ext] = pick(containers);
      const folderPath = `/music/${albumArtist}/${title} (${albumNo})`;
      const folder = Number(insertFolder.run(folderPath, root, 0).lastInsertRowid);
      const added = start + albumNo * 3_600_000;
      const albumId = Number(insertAlbum.run(`${albumNo}`, title, albumArtistId, compilation ? 1 : 0, year, n, 0, added, added).lastInsertRowid);
      const genre = pick(genreIds);
      for (let i = 1; i <= n; i++) {
        trackNo += 1;
        const trackArtist = compilation ? pick(artists) : rnd() < 0.1 ? `${albumArtist} feat. ${pick(artists)}` : albumArtist;
        const trackTitle = trackTitleOf();
        const duration = 90_000 + Math.floor(rnd() * 300_000);
        const id = Number(insertTrack.run({
          path: `${folderPath}/${String(i).padStart(2, '0')} ${trackTitle}.${ext}`, folder, size: Math.round(duration * bitrate / 8000), fp: `fp${trackNo}`,
          container, codec, lossless, bitrate, duration, title: trackTitle, trackNo: i, year, album: title,
          albumArtist: compilation ? 'Various Artists' : albumArtist, compilation: compilation ? 1 : 0, artist: trackArtist, albumId, added,
        }).lastInsertRowid);
        for (const name of trackArtist.split(' feat. ')) insertRole.run(id, artist(name), 'artist');
        insertRole.run(id, albumArtistId, 'albumartist');
        insertTrackGenre.run(id, genre);
        if (rnd() < 0.2) insertTrackGenre.run(id, pick(genreIds));
      }
    }
    db.exec(`UPDATE albums SET duration_ms = (SELECT sum(duration_ms) FROM tracks WHERE album_id = albums.id)`);
    db.exec(refreshGenreKeys); // genres were written in SQL, not through the track store
  })();
  db.exec('ANALYZE');
  return catalog;
}
