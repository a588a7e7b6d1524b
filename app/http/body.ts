// Request bodies of JSON routes, the same on both servers: JSON in UTF-8 only. A body that is not
// UTF-8 is a 400 (body-parser would turn its bytes into U+FFFD and store a name nobody typed), and a
// body sent as another type is a 415 (express.json skips it, and the route would run as if nothing
// had been sent: `PUT /api/player` with `text/plain` answered 200 and changed nothing).
import { isUtf8 } from 'node:buffer';
import express, { type Request, type RequestHandler } from 'express';
import { HttpError } from './errors.ts';

/** express.json, refusing bodies that are not valid UTF-8 (400, field `body`). */
export function jsonBody(limit: string): RequestHandler {
  return express.json({
    limit,
    verify: (_req, _res, buf) => {
      if (!isUtf8(buf)) throw new HttpError(400, 'the request body is not valid UTF-8', { field: 'body' });
    },
  });
}

/** True when the request carries a body (a non-zero Content-Length, or a chunked one). */
export function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The 415 for a body a JSON route could not read (sent as another content type). */
export function notJson(req: Request): HttpError {
  const type = req.headers['content-type'] ?? 'no Content-Type';
  return new HttpError(415, `the request body must be JSON (Content-Type: application/json), not ${type.split(';')[0]?.trim().slice(0, 100)}`, { field: 'body' });
}
