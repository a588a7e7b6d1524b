// Pink noise of an exact length encoded by the real ffmpeg, returned as bytes (for readers that are
// tested in memory, e.g. the renderer's Ogg tail reader, whose project has no Node types).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface EncodedNoiseSpec {
  /** Sample rate of the source (the encoder may resample: pass '-ar' in `args`). */
  rate: number;
  /** Exact number of source samples (per channel). */
  samples: number;
  channels?: number;
  /** ffmpeg output options, e.g. ['-c:a', 'libopus']. */
  args: readonly string[];
  /** Output file extension: picks the container unless `args` has '-f'. */
  ext: string;
}

export function encodedNoise(spec: EncodedNoiseSpec): Uint8Array {
  const dir = mkdtempSync(path.join(tmpdir(), 'tonearm-noise-'));
  try {
    const file = path.join(dir, `noise.${spec.ext}`);
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `anoisesrc=d=${spec.samples / spec.rate + 1}:c=pink:r=${spec.rate}:a=0.3`,
      '-af', `atrim=end_sample=${spec.samples}`, '-ac', String(spec.channels ?? 2), ...spec.args, file]);
    return new Uint8Array(readFileSync(file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
