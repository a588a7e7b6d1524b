// Audio files by track id. The path comes from the catalog, never from the request; `send` does
// Range (206/416), ETag/Last-Modified and conditional GET (304).
import path from 'node:path';
import type { RequestHandler } from 'express';
import type { TrackQueries } from '../catalog/queries/index.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { controlRoutes } from '../contract/index.ts';
import { parseRequest } from '../http/mount.ts';

const byExtension: Record<string, string> = {
  mp3: 'audio/mpeg', mp2: 'audio/mpeg', flac: 'audio/flac', ogg: 'audio/ogg', oga: 'audio/ogg', opus: 'audio/ogg',
  spx: 'audio/ogg', m4a: 'audio/mp4', m4b: 'audio/mp4', mp4: 'audio/mp4', alac: 'audio/mp4', aac: 'audio/aac',
  wav: 'audio/wav', aif: 'audio/aiff', aiff: 'audio/aiff', aifc: 'audio/aiff', wma: 'audio/x-ms-wma',
  webm: 'audio/webm', mka: 'audio/x-matroska', ape: 'audio/x-ape', wv: 'audio/x-wavpack', mpc: 'audio/x-musepack',
  dsf: 'audio/x-dsf', dff: 'audio/x-dff',
};

/** By container name (as music-metadata reports it) when the extension is unknown. */
const byContainer: [RegExp, string][] = [
  [/^mpeg/i, 'audio/mpeg'], [/flac/i, 'audio/flac'], [/ogg|opus|vorbis/i, 'audio/ogg'], [/m4a|mp4|isom|alac|aac/i, 'audio/mp4'],
  [/wav/i, 'audio/wav'], [/aiff/i, 'audio/aiff'], [/asf|wma/i, 'audio/x-ms-wma'], [/webm|matroska/i, 'audio/webm'],
];

export function audioContentType(file: string, container: string | null): string {
  const ext = path.extname(file).slice(1).toLowerCase();
  const known = byExtension[ext];
  if (known) return known;
  for (const [pattern, type] of byContainer) if (container && pattern.test(container)) return type;
  return 'application/octet-stream';
}

interface SendError {
  status?: number;
  statusCode?: number;
  code?: string;
  headers?: Record<string, string>;
}

export function streamHandler(tracks: TrackQueries): RequestHandler {
  return (req, res, next) => {
    const { id } = parseRequest(controlRoutes.stream, req).params;
    const file = tracks.file(id);
    if (!file) throw notFound(`track ${id} not found`);
    const absolute = path.resolve(file.path);
    res.sendFile(absolute, {
      dotfiles: 'allow',
      acceptRanges: true,
      lastModified: true,
      etag: true,
      cacheControl: false,
      headers: { 'Content-Type': audioContentType(absolute, file.container), 'Cache-Control': 'private, no-cache' },
    }, (error?: Error) => {
      const err = error as (Error & SendError) | undefined;
      if (!err || res.headersSent || err.code === 'ECONNABORTED') return;
      const status = err.status ?? err.statusCode ?? 500;
      if (status === 404 || err.code === 'ENOENT' || err.code === 'EISDIR') next(notFound(`the file of track ${id} is missing`));
      else if (status === 416) next(new HttpError(416, 'the requested range is not satisfiable', { field: 'range', headers: err.headers ?? {} }));
      else if (status === 412) next(new HttpError(412, 'precondition failed'));
      else next(err);
    });
  };
}
