// Errors as JSON: every failure answers `ApiError` ({ error: { status, message, field? } }).
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { ApiError } from '../contract/index.ts';

export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  readonly field: string | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, options: { field?: string; headers?: Record<string, string> } = {}) {
    super(message);
    this.status = status;
    this.field = options.field;
    this.headers = options.headers ?? {};
  }
}

export const notFound = (message: string): HttpError => new HttpError(404, message);

export function sendError(res: Response, status: number, message: string, field?: string): void {
  const body: ApiError = { error: field === undefined ? { status, message } : { status, message, field } };
  res.status(status).type('application/json').send(JSON.stringify(body));
}

/** The first zod issue as a 400: the field path ("queue.3", "limit") and a readable message. */
export function fromZod(error: z.ZodError): HttpError {
  const issue = error.issues[0];
  if (!issue) return new HttpError(400, 'invalid request');
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const field = [...issue.path, ...keys.slice(0, 1)].map(String).join('.');
  return new HttpError(400, field ? `${field}: ${issue.message}` : issue.message, field ? { field } : {});
}

/** 404 for any /api path no route answered. */
export const unknownRoute: RequestHandler = (req, res) => {
  sendError(res, 404, `no such route: ${req.method} ${req.path}`);
};

interface StatusLike {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  expose?: unknown;
}

/** Last middleware: HttpError, zod errors, body-parser errors and anything else, as JSON. */
export const errorHandler: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  if (err instanceof HttpError) {
    for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
    sendError(res, err.status, err.message, err.field);
    return;
  }
  if (err instanceof z.ZodError) {
    const e = fromZod(err);
    sendError(res, e.status, e.message, e.field);
    return;
  }
  const s = (err ?? {}) as StatusLike;
  const status = typeof s.status === 'number' ? s.status : typeof s.statusCode === 'number' ? s.statusCode : 500;
  if (status >= 400 && status < 500) {
    // body-parser: malformed JSON, too large, wrong charset.
    const message = s.type === 'entity.parse.failed' ? 'the request body is not valid JSON' : (err as Error).message;
    sendError(res, status, message, s.type === 'entity.parse.failed' || s.type === 'entity.too.large' ? 'body' : undefined);
    return;
  }
  process.stderr.write(`tonearm server: ${(err as Error)?.stack ?? String(err)}\n`);
  sendError(res, 500, 'internal error');
};
