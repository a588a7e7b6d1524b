// A private PulseAudio daemon for listening tests: its own runtime/config dirs, a null sink
// (44.1 kHz float stereo) as the default output, a silent stream that keeps the sink running (an
// idle null sink answers a new recorder late), and `parec` on the sink's monitor. Chromium is
// launched with PULSE_SERVER pointing at it, so the recording is exactly what a user would hear.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const RATE = 44100;

export interface Pulse {
  server: string;
  env: Record<string, string>;
  record(): Recorder;
  stop(): Promise<void>;
}

export interface Recorder {
  /**
   * True once the last `ms` recorded are silent (what played has come out of every buffer) — and
   * longer than any silence since the first sound: under load the platform inserts silences of
   * seconds (PulseAudio running dry), and what comes after one is late by that much.
   */
  tailSilent(ms: number): boolean;
  /** Stops recording; returns the left channel (the engine plays mono sources on both). */
  stop(): Promise<{ left: Float32Array; right: Float32Array }>;
}

function waitExit(p: ChildProcess): Promise<void> {
  return new Promise((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve() : p.once('exit', () => resolve())));
}

export async function startPulse(): Promise<Pulse> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonearm-pulse-'));
  const runtime = path.join(dir, 'run');
  const home = path.join(dir, 'home');
  fs.mkdirSync(runtime, { mode: 0o700 });
  fs.mkdirSync(path.join(home, '.config/pulse'), { recursive: true });
  fs.writeFileSync(path.join(home, '.config/pulse/daemon.conf'), 'default-sample-rate = 44100\nalternate-sample-rate = 44100\ndefault-sample-format = float32le\navoid-resampling = yes\n');
  const script = path.join(dir, 'default.pa');
  fs.writeFileSync(script, [
    `load-module module-null-sink sink_name=tonearm rate=${RATE} format=float32le channels=2`,
    'set-default-sink tonearm',
    'load-module module-native-protocol-unix',
    '',
  ].join('\n'));
  const env = { ...process.env, XDG_RUNTIME_DIR: runtime, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') } as Record<string, string>;
  const daemon = spawn('pulseaudio', ['-n', '--high-priority=yes', '--realtime=yes', '--daemonize=no', '--exit-idle-time=-1', '--disallow-exit', '--use-pid-file=no', '-F', script, '--log-target=stderr'], {
    env, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  daemon.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const socket = path.join(runtime, 'pulse/native');
  const server = `unix:${socket}`;
  const clientEnv = { PULSE_SERVER: server, PULSE_COOKIE: path.join(home, '.config/pulse/cookie') };
  // Chromium's stream asks PulseAudio for a deep buffer, so a loaded machine (CI) cannot starve it.
  const browserEnv = { ...clientEnv, PULSE_LATENCY_MSEC: '400' };
  // Ready when pactl answers (poll the socket; bounded).
  for (let i = 0; ; i++) {
    if (daemon.exitCode !== null) throw new Error(`pulseaudio exited: ${log}`);
    if (fs.existsSync(socket) && spawnSync('pactl', ['info'], { env: { ...env, ...clientEnv } }).status === 0) break;
    if (i > 200) throw new Error(`pulseaudio did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const silence = spawn('pacat', ['--playback', '--raw', '--format=float32le', `--rate=${RATE}`, '--channels=2', '--latency-msec=20', '/dev/zero'], {
    env: { ...env, ...clientEnv }, stdio: 'ignore',
  });
  return {
    server,
    env: browserEnv,
    record() {
      const parts: Buffer[] = [];
      const rec = spawn('parec', ['-d', 'tonearm.monitor', '--raw', '--format=float32le', `--rate=${RATE}`, '--channels=2', '--latency-msec=10'], {
        env: { ...env, ...clientEnv }, stdio: ['ignore', 'pipe', 'ignore'],
      });
      // Samples (both channels) of silence at the end, and the longest silence between sounds.
      let carry = Buffer.alloc(0);
      let heard = false;
      let quiet = 0;
      let longest = 0;
      rec.stdout?.on('data', (d: Buffer) => {
        parts.push(d);
        const b = carry.length > 0 ? Buffer.concat([carry, d]) : d;
        const whole = b.length - (b.length % 4);
        for (let o = 0; o < whole; o += 4) {
          if (Math.abs(b.readFloatLE(o)) <= 1e-4) quiet++;
          else {
            if (heard) longest = Math.max(longest, quiet);
            heard = true;
            quiet = 0;
          }
        }
        carry = Buffer.from(b.subarray(whole));
      });
      return {
        tailSilent(ms: number) {
          return quiet >= Math.round((ms / 1000) * RATE) * 2 && (!heard || quiet > longest);
        },
        async stop() {
          rec.kill('SIGTERM');
          await waitExit(rec);
          const all = Buffer.concat(parts);
          const frames = Math.floor(all.length / 8);
          const f = new Float32Array(all.buffer.slice(all.byteOffset, all.byteOffset + frames * 8));
          const left = new Float32Array(frames);
          const right = new Float32Array(frames);
          for (let i = 0; i < frames; i++) {
            left[i] = f[2 * i] ?? 0;
            right[i] = f[2 * i + 1] ?? 0;
          }
          return { left, right };
        },
      };
    },
    async stop() {
      silence.kill('SIGTERM');
      daemon.kill('SIGTERM');
      await Promise.all([waitExit(silence), waitExit(daemon)]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
