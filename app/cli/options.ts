// Shared option handling for commands that work on a catalog.
import { filesize } from 'filesize';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './command.ts';

export function requireDb(value: string | undefined): string {
  if (!value) throw new UsageError('missing --db <file> (the catalog database to use)');
  return path.resolve(value);
}

export function requireExistingDb(value: string | undefined): string {
  const file = requireDb(value);
  if (!fs.existsSync(file)) throw new UsageError(`no catalog at ${file} (run "tonearm scan <dir> --db ${value}" first)`);
  return file;
}

export function requireDirs(values: readonly string[]): string[] {
  if (values.length === 0) throw new UsageError('name at least one music folder to scan');
  return values.map((v) => {
    const abs = path.resolve(v);
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    if (!st) throw new UsageError(`folder not found: ${abs}`);
    if (!st.isDirectory()) throw new UsageError(`not a folder: ${abs}`);
    return abs;
  });
}

export function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive whole number, not "${value}"`);
  return n;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min ${s % 60} s`;
}

/** "1.5 MB" (1024-based, one decimal), as the UI shows sizes. */
export const formatBytes = (n: number): string => filesize(n, { base: 2, standard: 'jedec', round: 1 });
