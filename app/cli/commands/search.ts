import { parseArgs } from 'node:util';
import { openCatalog } from '../../catalog/index.ts';
import { createTrackQueries } from '../../catalog/queries/tracks.ts';
import { createAlbumQueries } from '../../catalog/queries/albums.ts';
import { createArtistQueries } from '../../catalog/queries/artists.ts';
import { createSearchSourceQueries } from '../../catalog/queries/search.ts';
import { indexFileFor, openSearchIndex } from '../../search/index.ts';
import { searchCatalog } from '../../search/results.ts';
import { UsageError, type CommandIo } from '../command.ts';
import { positiveInt, requireExistingDb } from '../options.ts';
import { formatDuration } from '../options.ts';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { db: { type: 'string' }, json: { type: 'boolean', default: false }, limit: { type: 'string' } },
  });
  const query = positionals.join(' ').trim();
  if (query.length === 0) throw new UsageError('give a query, e.g. tonearm search "abbey road" --db library.db');
  const limit = positiveInt(values.limit, 'limit') ?? 20;
  const file = requireExistingDb(values.db);
  const catalog = openCatalog({ file, readonly: true });
  try {
    const db = catalog.db;
    const tracks = createTrackQueries(db);
    const albums = createAlbumQueries(db, tracks);
    const artists = createArtistQueries(db, albums);
    // The index is a cache next to the db: loaded when still valid, else built (and saved).
    const index = openSearchIndex({ documents: createSearchSourceQueries(db), file: indexFileFor(file) });
    const result = searchCatalog({ index, queries: { tracks, albums, artists }, query, limit });
    if (values.json) {
      io.stdout.write(JSON.stringify(result) + '\n');
      return 0;
    }
    const lines: string[] = [];
    lines.push(`artists (${result.artists.length})`, ...result.artists.map((a) => `  ${a.name}  [${a.albumCount} albums, ${a.trackCount} tracks]`));
    lines.push(`albums (${result.albums.length})`, ...result.albums.map((a) => `  ${a.title} — ${a.artist}${a.year ? ` (${a.year})` : ''}`));
    lines.push(`tracks (${result.tracks.length})`, ...result.tracks.map((t) =>
      `  ${t.title} — ${t.artist}${t.album ? ` · ${t.album}` : ''}  ${formatDuration(t.durationMs)}`));
    lines.push(`${result.elapsedMs} ms (index ${index.origin})`);
    io.stdout.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    catalog.close();
  }
}
