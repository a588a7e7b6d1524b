// Maps app/library's domain errors to HTTP: 404, 400 (naming the field), 403, 422, and 409 with
// the current state in the body (`{ error, current }`) so the client can refresh and re-apply.
import type { ErrorRequestHandler } from 'express';
import { LibraryError } from '../../library/index.ts';
import { HttpError, sendError } from '../../http/errors.ts';

const statusOf = { 'not-found': 404, invalid: 400, forbidden: 403, 'key-reuse': 422, conflict: 409 } as const;

export const libraryErrors: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  if (!(err instanceof LibraryError)) {
    next(err);
    return;
  }
  if (err.kind === 'conflict') {
    res.status(409).json({ error: { status: 409, message: err.message, field: 'version' }, current: err.current });
    return;
  }
  if (res.headersSent) {
    next(err);
    return;
  }
  if (err.field === undefined) sendError(res, statusOf[err.kind], err.message);
  else next(new HttpError(statusOf[err.kind], err.message, { field: err.field }));
};
