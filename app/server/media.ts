// Audio files by track id. The path comes from the catalog, never from the request.
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { RequestHandler } from 'express';
import { fsPath } from '../text/fsPath.ts';
import type { TrackQueries } from '../catalog/queries/index.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { controlRoutes, parseByteRange } from '../contract/index.ts';
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

/**
 * The audio file of a track. Opened by its path key's real bytes (app/text/fsPath.ts), so a file
 * whose name is not UTF-8 streams too (express's sendFile takes only string paths). Range (206, one
 * range; 416), ETag/Last-Modified with If-None-Match/If-Modified-Since (304) and If-Range.
 */
export function streamHandler(tracks: TrackQueries): RequestHandler {
  return async (req, res) => {
    const { id } = parseRequest(controlRoutes.stream, req).params;
    const file = tracks.file(id);
    if (!file) throw notFound(`track ${id} not found`);
    let handle: FileHandle;
    try {
      handle = await open(fsPath(path.resolve(file.path)), 'r');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw notFound(`the file of track ${id} is missing`);
      throw err;
    }
    let streaming = false;
    try {
      const st = await handle.stat();
      if (!st.isFile()) throw notFound(`the file of track ${id} is missing`);
      const etag = `W/"${st.size.toString(16)}-${Math.trunc(st.mtimeMs).toString(16)}"`;
      const lastModified = new Date(Math.trunc(st.mtimeMs / 1000) * 1000).toUTCString();
      res.set({
        'Content-Type': audioContentType(file.path, file.container), 'Cache-Control': 'private, no-cache',
        'Accept-Ranges': 'bytes', ETag: etag, 'Last-Modified': lastModified,
      });
      if (req.fresh) {
        res.status(304).end();
        return;
      }
      let start = 0;
      let end = st.size - 1;
      const ifRange = req.get('If-Range');
      const rangeApplies = req.get('Range') !== undefined && (ifRange === undefined || ifRange === etag || ifRange === lastModified);
      const range = rangeApplies ? parseByteRange(req.get('Range'), st.size) : null;
      if (range === 'unsatisfiable') {
        throw new HttpError(416, 'the requested range is not satisfiable', { field: 'range', headers: { 'Content-Range': `bytes */${st.size}` } });
      }
      if (range) {
        ({ start, end } = range);
        res.status(206).set('Content-Range', `bytes ${start}-${end}/${st.size}`);
      }
      res.set('Content-Length', String(Math.max(0, end - start + 1)));
      if (req.method === 'HEAD' || st.size === 0) {
        res.end();
        return;
      }
      streaming = true;
      await pipeline(handle.createReadStream({ start, end }), res).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
      });
    } finally {
      if (!streaming) await handle.close();
    }
  };
}
