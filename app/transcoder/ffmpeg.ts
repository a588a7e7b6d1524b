// The one place that imports fluent-ffmpeg (archived upstream): everything else in app/transcoder
// talks to this adapter, so replacing the library later touches this file only.
//
//   resolveFfmpeg(options)  → the ffmpeg/ffprobe binaries: explicit option (settings), then
//                             FFMPEG_PATH / FFPROBE_PATH, then PATH. One-sentence error if missing.
//   runFfmpeg(options)      → one ffmpeg process: input + options → output, cancellable; resolves
//                             only after the process has exited (an aborted run leaves no process).
//   probe(paths, file)      → the few ffprobe facts the transcoder needs.
import { UserError } from '../userError.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ffmpeg from 'fluent-ffmpeg';

export interface FfmpegOptions {
  /** Explicit path of the ffmpeg binary (from the settings); wins over FFMPEG_PATH and PATH. */
  ffmpegPath?: string | undefined;
  /** Explicit path of ffprobe; else FFPROBE_PATH, else next to an explicit ffmpeg, else PATH. */
  ffprobePath?: string | undefined;
}

export interface FfmpegPaths {
  ffmpeg: string;
  ffprobe: string;
}

/** ffmpeg or ffprobe cannot be found or run. The message is one sentence fit to show a user. */
export class FfmpegMissingError extends UserError {
  override name = 'FfmpegMissingError';
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function pick(name: 'ffmpeg' | 'ffprobe', explicit: string | undefined, envVar: string | undefined, sibling: string | null, env: NodeJS.ProcessEnv): string {
  const how = explicit !== undefined && explicit !== '' ? 'the ffmpeg path setting' : envVar ? (name === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH') : null;
  const chosen = (explicit !== undefined && explicit !== '' ? explicit : undefined) ?? (envVar || undefined);
  if (chosen !== undefined) {
    if (isExecutable(chosen)) return chosen;
    throw new FfmpegMissingError(`${name} was not found at ${chosen} (from ${how}): install ffmpeg or correct that path.`);
  }
  if (sibling !== null && isExecutable(sibling)) return sibling;
  const found = onPath(name, env);
  if (found !== null) return found;
  throw new FfmpegMissingError(
    `${name} was not found: install ffmpeg (e.g. \`apt-get install ffmpeg\`) or set its path in the settings or in ${name === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH'}.`,
  );
}

/** Finds ffmpeg and ffprobe: explicit option, then FFMPEG_PATH/FFPROBE_PATH, then PATH. */
export function resolveFfmpeg(options: FfmpegOptions = {}, env: NodeJS.ProcessEnv = process.env): FfmpegPaths {
  const ffmpeg = pick('ffmpeg', options.ffmpegPath, env.FFMPEG_PATH, null, env);
  const explicitFfmpeg = (options.ffmpegPath ?? '') !== '' || (env.FFMPEG_PATH ?? '') !== '';
  const sibling = explicitFfmpeg ? path.join(path.dirname(ffmpeg), 'ffprobe') : null;
  const ffprobe = pick('ffprobe', options.ffprobePath, env.FFPROBE_PATH, sibling, env);
  return { ffmpeg, ffprobe };
}

export interface RunFfmpegOptions {
  paths: FfmpegPaths;
  input: string;
  /** Placed before `-i` (e.g. `-ss`, `-t`). */
  inputOptions?: readonly string[];
  /** Placed before the output (codec, filters, `-f`, muxer flags). */
  outputOptions: readonly string[];
  /** A file, or '-' with `-f null` for analysis runs. */
  output: string;
  signal?: AbortSignal | undefined;
  /** Seconds of output written so far, as ffmpeg reports them (a few times a second). */
  onProgress?: ((seconds: number) => void) | undefined;
  /** Every line ffmpeg writes to stderr, as it comes (e.g. a filter's per-frame log). */
  onStderrLine?: ((line: string) => void) | undefined;
  /** Scheduling niceness of the process (e.g. 10 for background work); default: inherited. */
  niceness?: number | undefined;
}

export interface RunFfmpegResult {
  /** The last lines ffmpeg wrote to stderr (at most 400). */
  stderr: string;
}

/** An ffmpeg run that failed; `message` is one line (ffmpeg's own last error line included). */
export class FfmpegError extends Error {
  override name = 'FfmpegError';
  readonly stderr: string;
  constructor(message: string, stderr: string) {
    super(message);
    this.stderr = stderr;
  }
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException('The operation was aborted', 'AbortError');
}

function timemarkSeconds(mark: string): number | null {
  const m = /^(-?\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(mark.trim());
  if (!m) return null;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/** The most useful line of an ffmpeg stderr: the last one that looks like an error. */
export function lastErrorLine(stderr: string): string {
  const lines = stderr
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(size=|video:|frame=|\s*Stream|Output #|Input #|Metadata:|encoder\s*:|Duration:)/.test(l));
  const errorish = lines.filter((l) => /error|invalid|no such|could not|failed|unable|not found|does not|unsupported|denied/i.test(l));
  return (errorish.at(-1) ?? lines.at(-1) ?? 'no output').slice(0, 300);
}

/** At least two arguments (fluent-ffmpeg splits a lone one at its space); `-hide_banner` is harmless twice. */
const unsplit = (args: readonly string[]): [string, ...string[]] => (args.length >= 2 ? [args[0] as string, ...args.slice(1)] : ['-hide_banner', ...args]);

/**
 * Runs one ffmpeg process. Rejects with an FfmpegError when ffmpeg fails, or with the signal's
 * reason (an AbortError) when aborted; in both cases only after the process has exited, so the
 * caller may delete its output right away.
 */
export function runFfmpeg(options: RunFfmpegOptions): Promise<RunFfmpegResult> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const command = Ffmpeg({ stdoutLines: 400 })
      .setFfmpegPath(options.paths.ffmpeg)
      .setFfprobePath(options.paths.ffprobe)
      .input(options.input)
      // Spread, never one array: given an array, fluent-ffmpeg splits an item holding exactly one
      // space into two arguments (a filter naming "C:\Users\Jo Smith\…" would break).
      .inputOptions('-nostdin', '-hide_banner', ...(options.inputOptions ?? []))
      .output(options.output)
      .outputOptions(...unsplit(options.outputOptions));
    let started = false;
    let aborted = false;
    const onAbort = (): void => {
      aborted = true;
      // Before 'start' there is no process yet: it is killed as soon as it appears.
      if (started) command.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (): void => signal?.removeEventListener('abort', onAbort);
    command.on('start', () => {
      started = true;
      if (aborted) command.kill('SIGKILL');
      const pid = (command as unknown as { ffmpegProc?: { pid?: number } }).ffmpegProc?.pid;
      if (options.niceness !== undefined && pid !== undefined) {
        try {
          os.setPriority(pid, options.niceness);
        } catch {
          // Not allowed here (a lower niceness needs privileges): run at the inherited priority.
        }
      }
    });
    if (options.onStderrLine) command.on('stderr', options.onStderrLine);
    if (options.onProgress) {
      const report = options.onProgress;
      command.on('progress', (p: { timemark?: string }) => {
        const seconds = p.timemark === undefined ? null : timemarkSeconds(p.timemark);
        if (seconds !== null && seconds >= 0) report(seconds);
      });
    }
    command.on('error', (err: Error, _stdout: string | null, stderr: string | null) => {
      done();
      if (aborted && signal) {
        reject(abortError(signal));
        return;
      }
      const text = stderr ?? '';
      if (/ENOENT|Cannot find ffmpeg/i.test(err.message) && !started) {
        reject(new FfmpegMissingError(`ffmpeg could not be started (${options.paths.ffmpeg}): install ffmpeg or correct its path.`));
        return;
      }
      reject(new FfmpegError(`ffmpeg failed on ${path.basename(options.input)}: ${lastErrorLine(text || err.message)}`, text));
    });
    command.on('end', (_stdout: string | null, stderr: string | null) => {
      done();
      if (aborted && signal) reject(abortError(signal));
      else resolve({ stderr: stderr ?? '' });
    });
    command.run();
  });
}

export interface ProbeResult {
  durationMs: number;
  /** Overall bitrate of the file, bits per second, when ffprobe knows it. */
  bitrate: number | null;
  formatName: string | null;
  /** First audio stream. */
  codec: string | null;
  sampleRate: number | null;
  channels: number | null;
}

function num(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** ffprobe one file: duration, bitrate, first audio stream. */
export function probe(paths: FfmpegPaths, file: string): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    Ffmpeg()
      .setFfprobePath(paths.ffprobe)
      .input(file)
      .ffprobe((err: Error | null, data: Ffmpeg.FfprobeData) => {
        if (err) {
          reject(new FfmpegError(`ffprobe failed on ${path.basename(file)}: ${lastErrorLine(err.message)}`, err.message));
          return;
        }
        const audio = data.streams.find((s) => s.codec_type === 'audio');
        const seconds = num(data.format.duration) ?? num(audio?.duration);
        resolve({
          durationMs: seconds === null ? 0 : Math.round(seconds * 1000),
          bitrate: num(data.format.bit_rate),
          formatName: typeof data.format.format_name === 'string' ? data.format.format_name : null,
          codec: audio?.codec_name ?? null,
          sampleRate: num(audio?.sample_rate),
          channels: num(audio?.channels),
        });
      });
  });
}
