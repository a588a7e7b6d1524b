// Mounting a contract route (app/contract) on an express router: its params, query and body are
// parsed with the route's schemas (a 400 naming the field otherwise), the handler gets them typed,
// and what it returns is the JSON answer, sent with the route's status. Handlers of non-JSON routes
// (files, redirects, event streams) write the response themselves.
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { z } from 'zod';
import type { BodyOf, ParamsOf, QueryOf, ResponseOf, RouteSpec } from '../contract/index.ts';
import { drained, refuse } from './drain.ts';
import { hasBody, notJson } from './body.ts';
import { fromZod } from './errors.ts';

/** Parses `value` or throws a 400 HttpError naming the first bad field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZod(result.error);
  return result.data;
}

export interface Input<R extends RouteSpec> {
  params: ParamsOf<R>;
  query: QueryOf<R>;
  body: BodyOf<R>;
}

/** What a JSON route's handler returns when it wrote the answer itself (a redirect, a cached body). */
class Answered {
  readonly #brand = true;
}
export const answered = new Answered();

type Reply<R extends RouteSpec> = ResponseOf<R> | Answered;
export type Handler<R extends RouteSpec> = (input: Input<R>, req: Request, res: Response) => Reply<R> | Promise<Reply<R>>;

const methods = { GET: 'get', PUT: 'put', POST: 'post', DELETE: 'delete' } as const;
const rawBody = express.raw({ type: () => true, limit: '20mb' });

/** Parses a request against a route's declared schemas (what `mount` does before the handler). */
export function parseRequest<R extends RouteSpec>(route: R, req: Request): Input<R> {
  // A JSON route given a body express.json did not read (another content type): 415, never "as if empty".
  if (route.body && !route.rawBody && req.body === undefined && hasBody(req)) throw notJson(req);
  return {
    params: (route.params ? parse(route.params, req.params) : {}) as ParamsOf<R>,
    query: (route.query ? parse(route.query, req.query) : {}) as QueryOf<R>,
    body: (route.body ? parse(route.body, req.body ?? {}) : undefined) as BodyOf<R>,
  };
}

/**
 * Mounts `route` on `router`: `middleware` first (e.g. an auth check), then validation, then
 * `handler`. A JSON route answers what the handler returns with `route.status` (default 200; the
 * handler may set another with `res.status` first); a `none` route answers 204.
 */
export function mount<R extends RouteSpec>(router: Router, route: R, handler: NoInfer<Handler<R>>, ...middleware: RequestHandler[]): void {
  const parsers = route.rawBody ? [rawBody] : [];
  router[methods[route.method]](route.path, ...middleware, ...parsers, async (req: Request, res: Response) => {
    const input = parseRequest(route, req);
    // A server that is closing starts no handler (it may be closing the database the handler uses).
    const ran = await drained(req, async () => {
      if (typeof route.response !== 'string') res.status(route.status ?? 200);
      const out = await handler(input, req, res);
      if (out === answered || res.headersSent) return;
      if (route.response === 'none') res.status(204).end();
      else if (typeof route.response !== 'string') res.json(out);
    });
    if (!ran) refuse(res);
  });
}
