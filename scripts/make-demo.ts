// Synthesizes the demo library (resources/demo/) with ffmpeg: short arpeggiated pieces made of
// plain sine tones, tagged, encoded as Opus, with a generated cover per album. Nothing recorded,
// nothing copyrighted. Run: `npm run make:demo` (needs ffmpeg on PATH).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = fileURLToPath(new URL('../resources/demo/', import.meta.url));
const ARTIST = 'Tonearm Demo';

/** MIDI note number → Hz. */
const hz = (n: number) => 440 * 2 ** ((n - 69) / 12);
/** Chord tones (MIDI) for an arpeggio: root, third, fifth, octave. */
const major = (r: number) => [r, r + 4, r + 7, r + 12];
const minor = (r: number) => [r, r + 3, r + 7, r + 12];
const maj7 = (r: number) => [r, r + 4, r + 7, r + 11];
const min7 = (r: number) => [r, r + 3, r + 7, r + 10];

interface Piece {
  title: string;
  seconds: number;
  /** Arpeggio notes per second. */
  rate: number;
  /** Seconds per chord. */
  bar: number;
  chords: number[][];
  /** Note order inside a bar (indexes into the chord). */
  pattern: number[];
  /** Note decay (higher = more plucky). */
  decay: number;
}

interface AlbumSpec {
  title: string;
  folder: string;
  year: number;
  genre: string;
  cover: string[];
  pieces: Piece[];
}

const albums: AlbumSpec[] = [
  {
    title: 'First Light',
    folder: 'First Light',
    year: 2024,
    genre: 'Ambient',
    cover: ['-f', 'lavfi', '-i', 'gradients=s=400x400:c0=0xf5a524:c1=0xd9376e:c2=0x3b1f6e:x0=0:y0=0:x1=400:y1=400:nb_colors=3:seed=7:d=1'],
    pieces: [
      { title: 'Morning Arpeggio', seconds: 20, rate: 6, bar: 2.667, chords: [maj7(60), min7(57), maj7(53), major(55)], pattern: [0, 1, 2, 3, 2, 1, 0, 2, 3, 2, 1, 2, 3, 1, 2, 0], decay: 7 },
      { title: 'Glass Harbor', seconds: 18, rate: 4, bar: 3, chords: [major(62), minor(59), major(55), major(57)], pattern: [0, 2, 1, 3, 2, 1], decay: 5 },
      { title: 'Paper Lanterns', seconds: 22, rate: 5, bar: 2.4, chords: [minor(57), major(53), major(60), major(55)], pattern: [0, 1, 2, 3, 1, 2], decay: 6 },
    ],
  },
  {
    title: 'Night Shapes',
    folder: 'Night Shapes',
    year: 2025,
    genre: 'Electronic',
    cover: ['-f', 'lavfi', '-i', 'mandelbrot=s=400x400:start_scale=1.2:end_scale=1.2:outer=normalized_iteration_count:inner=period', '-frames:v', '1'],
    pieces: [
      { title: 'Slow Orbit', seconds: 20, rate: 3, bar: 4, chords: [min7(50), maj7(46), maj7(53), min7(52)], pattern: [0, 1, 2, 3, 2, 1, 0, 3, 1, 2, 3, 2], decay: 3.5 },
      { title: 'Tonearm Lullaby', seconds: 16, rate: 4, bar: 2, chords: [major(65), minor(62), major(58), major(60)], pattern: [3, 2, 1, 0, 1, 2, 3, 2], decay: 4.5 },
    ],
  },
];

/** Nested if() lookup: value of table[i] for an expression i. */
function lookup(index: string, table: readonly number[]): string {
  return table.reduceRight((acc, v, i) => (i === table.length - 1 ? v.toFixed(3) : `if(eq(${index},${i}),${v.toFixed(3)},${acc})`), '0');
}

function expression(p: Piece): string {
  const step = `floor(t*${p.rate})`;
  const chord = `mod(floor(t/${p.bar}),${p.chords.length})`;
  const slot = `mod(${step},${p.pattern.length})`;
  // Frequency of the arpeggio note: chord table × pattern table, one octave up.
  const freqs = p.chords.map((c) => lookup(slot, p.pattern.map((k) => hz((c[k] ?? c[0] ?? 60) + 12))));
  const f = freqs.reduceRight((acc, fx, i) => (i === freqs.length - 1 ? fx : `if(eq(${chord},${i}),${fx},${acc})`), '0');
  const local = `mod(t,${(1 / p.rate).toFixed(5)})`;
  const env = `(1-exp(-250*${local}))*exp(-${p.decay}*${local})`;
  const pluck = `${env}*(0.55*sin(2*PI*${f}*t)+0.18*sin(4*PI*${f}*t)+0.06*sin(6*PI*${f}*t))`;
  // A soft pad on the chord's root and fifth, faded in and out on every chord.
  const barPos = `mod(t,${p.bar})/${p.bar}`;
  const padEnv = `pow(sin(PI*${barPos}),0.6)`;
  const root = p.chords.map((c) => hz((c[0] ?? 60) - 12));
  const fifth = p.chords.map((c) => hz((c[2] ?? 67) - 12));
  const pad = `0.12*${padEnv}*(sin(2*PI*${lookup(chord, root)}*t)+0.6*sin(2*PI*${lookup(chord, fifth)}*t))`;
  return `0.8*(${pluck}+${pad})`;
}

function run(args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'inherit' });
}

rmSync(out, { recursive: true, force: true });
for (const album of albums) {
  const dir = join(out, album.folder);
  mkdirSync(dir, { recursive: true });
  run([...album.cover, '-frames:v', '1', '-q:v', '4', join(dir, 'cover.jpg')]);
  album.pieces.forEach((p, i) => {
    const expr = expression(p);
    const left = expr;
    // A touch of width: the right channel is delayed by a few milliseconds.
    const right = expr.replaceAll('*t)', '*(t-0.011))');
    const file = join(dir, `${String(i + 1).padStart(2, '0')} ${p.title}.opus`);
    run([
      '-f', 'lavfi',
      '-i', `aevalsrc='${left}|${right}':s=48000:d=${p.seconds}`,
      '-af', `afade=t=in:d=0.6,afade=t=out:st=${p.seconds - 2.5}:d=2.5,alimiter=limit=0.9`,
      '-c:a', 'libopus', '-b:a', '32k', '-vbr', 'constrained',
      '-metadata', `title=${p.title}`,
      '-metadata', `artist=${ARTIST}`,
      '-metadata', `album_artist=${ARTIST}`,
      '-metadata', `album=${album.title}`,
      '-metadata', `track=${i + 1}/${album.pieces.length}`,
      '-metadata', `genre=${album.genre}`,
      '-metadata', `date=${album.year}`,
      '-metadata', 'comment=Synthesized by scripts/make-demo.ts',
      file,
    ]);
  });
}

let total = 0;
for (const folder of readdirSync(out)) {
  for (const f of readdirSync(join(out, folder))) {
    const size = statSync(join(out, folder, f)).size;
    total += size;
    console.log(`${(size / 1024).toFixed(0).padStart(5)} KB  ${folder}/${f}`);
  }
}
console.log(`${(total / 1024).toFixed(0).padStart(5)} KB  total in ${out}`);
