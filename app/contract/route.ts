// How a route is declared: method, path, and zod schemas for its request (params, query, body)
// and its answer. Servers mount declarations (app/http/mount.ts), validating requests with them;
// the renderer builds its typed client from the same declarations; a test walks every declared
// route and checks each answer against its schema. A leaf module: zod types only (the renderer's
// bundle takes pathOf and queryString from here without zod: see renderer/api/contract.ts).
import type { z } from 'zod';

export type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

/**
 * What a route answers besides JSON: `none` = an empty 204; `file` = bytes (audio, an image, a
 * download) or a redirect to them; `events` = a `text/event-stream`.
 */
export type NonJson = 'none' | 'file' | 'events';

export interface RouteSpec {
  method: Method;
  /** express-style path: `/api/tracks/:id`. */
  path: string;
  /** Path parameters as they arrive (strings), parsed to their values. */
  params?: z.ZodType;
  /** Query parameters as they arrive (strings), parsed to their values (defaults filled in). */
  query?: z.ZodType;
  /** The JSON body (or, for `raw` bodies, nothing: the handler reads the bytes). */
  body?: z.ZodType;
  /** The body is not JSON (e.g. an M3U file): the server mounts a raw body parser. */
  rawBody?: true;
  /** The answer's JSON schema, or what else it is. */
  response: z.ZodType | NonJson;
  /** Success status when it is not 200 (201 created, 202 accepted). */
  status?: number;
}

/** Declares a route; keeps the literal types so servers and clients infer from them. */
export const route = <const R extends RouteSpec>(r: R): R => r;

type Parsed<R, K extends 'params' | 'query' | 'body'> = R extends { [P in K]: infer S extends z.ZodType } ? z.output<S> : Record<string, never>;

/** What the server's handler receives, parsed. */
export type ParamsOf<R extends RouteSpec> = Parsed<R, 'params'>;
export type QueryOf<R extends RouteSpec> = Parsed<R, 'query'>;
export type BodyOf<R extends RouteSpec> = R extends { body: infer S extends z.ZodType } ? z.output<S> : undefined;
/** The JSON answer's type (void for the non-JSON answers). */
export type ResponseOf<R extends RouteSpec> = R['response'] extends z.ZodType ? z.output<R['response']> : void;

/**
 * What a client sends as query or path parameters: the parsed value types, optional where the
 * server fills in a default. The client turns them into strings (arrays comma-separated).
 */
export type ClientParams<S extends z.ZodType> = { [K in keyof z.input<S>]: K extends keyof z.output<S> ? z.output<S>[K] : never };
export type ClientQueryOf<R extends RouteSpec> = R extends { query: infer S extends z.ZodType } ? ClientParams<S> : undefined;
export type ClientParamsOf<R extends RouteSpec> = R extends { params: infer S extends z.ZodType } ? ClientParams<S> : undefined;
/** What a client sends as the JSON body: the schema's input (fields with defaults optional). */
export type ClientBodyOf<R extends RouteSpec> = R extends { body: infer S extends z.ZodType } ? z.input<S> : undefined;

/** The route's path with its `:name` parameters filled in (each URI-encoded). */
export function pathOf(r: Pick<RouteSpec, 'path'>, params: Record<string, string | number> = {}): string {
  return r.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`${r.path}: missing path parameter ${name}`);
    return encodeURIComponent(String(v));
  });
}

/** `?a=1&b=x` from a client query (undefined and '' left out; arrays comma-separated). */
export function queryString(query: object | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
