// A stand-in for Electron's executable, for `npm start` tests: a Node script that records how it
// was started (arguments, working directory, whether ELECTRON_RUN_AS_NODE leaked in) to a JSON
// file and exits with a chosen code. It runs nothing else: launching is what is under test.
import fs from 'node:fs';
import path from 'node:path';

export interface LaunchRecord {
  argv: string[];
  cwd: string;
  runAsNode: string | null;
}

/** Writes the executable as `<dir>/<name>`; it records to `record` and exits with `exitCode`. */
export function writeStandInBinary(dir: string, options: { record: string; exitCode?: number; name?: string }): string {
  const file = path.join(dir, options.name ?? 'electron');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, standInSource(options.record, options.exitCode ?? 0), { mode: 0o755 });
  return file;
}

/** The script's text (also what the download test zips up as Electron's binary). */
export function standInSource(record: string, exitCode: number): string {
  return `#!${process.execPath}
const fs = require('node:fs');
fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null }));
process.exit(${exitCode});
`;
}

export function readLaunch(record: string): LaunchRecord | null {
  return fs.existsSync(record) ? (JSON.parse(fs.readFileSync(record, 'utf8')) as LaunchRecord) : null;
}
