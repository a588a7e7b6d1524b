// Every `tonearm <command>`: help text here, code loaded on demand. Add new commands here.
import type { Command } from '../command.ts';

export const commands: readonly Command[] = [
  {
    name: 'scan',
    summary: 'Index music folders into a catalog database (incremental: only changed files are read; a running Tonearm that has the catalog open does it).',
    usage: 'scan <dir>... --db <file> [--json] [--threads <n>] [--covers <dir>]',
    load: async () => (await import('./scan.ts')).run,
  },
  {
    name: 'watch',
    summary: 'Scan music folders, then keep the catalog in step with every change until interrupted.',
    usage: 'watch <dir>... --db <file> [--covers <dir>]',
    load: async () => (await import('./watch.ts')).run,
  },
  {
    name: 'stats',
    summary: 'Show what a catalog holds: tracks, albums, artists, genres, total duration and size, errors.',
    usage: 'stats --db <file> [--json]',
    load: async () => (await import('./stats.ts')).run,
  },
  {
    name: 'errors',
    summary: 'List the files the last scans could not index, with the reason for each.',
    usage: 'errors --db <file> [--json]',
    load: async () => (await import('./errors.ts')).run,
  },
  {
    name: 'search',
    summary: 'Search a catalog for tracks, albums and artists (typo- and accent-tolerant, prefix matching).',
    usage: 'search <query> --db <file> [--json] [--limit n]',
    load: async () => (await import('./search.ts')).run,
  },
  {
    name: 'loudness',
    summary: 'Measure EBU R128 loudness of the tracks without ReplayGain/R128 tags (resumable; albums as a whole).',
    usage: 'loudness --db <file> [--json] [--jobs <n>]',
    load: async () => (await import('./loudness.ts')).run,
  },
  {
    name: 'serve',
    summary: 'Serve the library API and the UI on loopback; scans and watches the library folders.',
    usage: 'serve [--library <dir>]... [--db <file>] [--port 4533] [--host 127.0.0.1] [--token <t>]',
    load: async () => (await import('./serve.ts')).run,
  },
  {
    name: 'sync',
    summary: 'Upload compact renditions of the catalog to a sync server (resumable; only changes are sent).',
    usage: 'sync --server <url> --token <t> [--db <file>] [--json] [--renditions <dir>] [--covers <dir>] [--ladder aac|opus] [--uploads <n>] [--transcodes <n>] [--full] [--keep-high-days <n>] [--plan]',
    load: async () => (await import('./sync.ts')).run,
  },
];
