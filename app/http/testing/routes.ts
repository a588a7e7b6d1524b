// Test scaffolding: what an express app really mounts, and a walker that calls every declared
// route of a contract route set against a running server and checks each answer against the
// route's response schema.
import type { Express } from 'express';
import type { z } from 'zod';
import { apiError, pathOf, queryString, type RouteSpec } from '../../contract/index.ts';

interface LayerLike {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
  rawPath?: unknown;
}

/** Every `METHOD path` an express app answers through a route (nested routers included). */
export function mountedRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = typeof layer.route.path === 'string' ? prefix + layer.route.path : `${prefix}${String(layer.route.path)}`;
        for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push(`${method.toUpperCase()} ${path}`);
      } else if (layer.handle?.stack) {
        const at = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + at);
      }
    }
  };
  walk((app as unknown as { router: { stack: LayerLike[] } }).router.stack, '');
  return [...new Set(out)].sort();
}

/** `METHOD path` of every route in a contract route set. */
export function declaredRoutes(routes: Record<string, RouteSpec>): string[] {
  return [...new Set(Object.values(routes).map((r) => `${r.method} ${r.path}`))].sort();
}

/** One request to make for a route: its parameters, query and body (as a client sends them). */
export interface Example {
  params?: Record<string, string | number>;
  query?: object;
  body?: unknown;
  /** Raw body (e.g. M3U text) instead of JSON. */
  text?: string;
  /** The status expected when it is not the route's success status. */
  status?: number;
}

export interface Answer {
  status: number;
  contentType: string;
  /** Parsed JSON for JSON answers. */
  json?: unknown;
}

/**
 * Calls `route` once as `example` describes and checks the answer: a JSON route's body must
 * parse with its (strict) response schema and come with its status; `none` is a 204; `file` is
 * bytes or a redirect, not JSON; `events` is a `text/event-stream` whose first frame arrives.
 * Returns the answer; throws with the route, the status and the schema's complaint otherwise.
 */
export async function callRoute(base: string, headers: Record<string, string>, route: RouteSpec, example: Example = {}): Promise<Answer> {
  const url = base + pathOf(route, example.params) + queryString(example.query);
  const init: RequestInit = { method: route.method, headers: { ...headers }, redirect: 'manual' };
  if (example.text !== undefined) {
    init.body = example.text;
    (init.headers as Record<string, string>)['content-type'] = 'audio/x-mpegurl';
  } else if (example.body !== undefined) {
    init.body = JSON.stringify(example.body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const controller = new AbortController();
  const res = await fetch(url, { ...init, signal: controller.signal });
  const where = `${route.method} ${url}`;
  const contentType = res.headers.get('content-type') ?? '';
  const expected = example.status ?? (route.response === 'none' ? 204 : route.status ?? 200);
  if (route.response === 'events') {
    if (res.status !== 200 || !contentType.startsWith('text/event-stream')) throw new Error(`${where}: ${res.status} ${contentType}`);
    const reader = res.body!.getReader();
    const first = await reader.read();
    controller.abort();
    if (first.done || first.value.length === 0) throw new Error(`${where}: no event frame`);
    return { status: res.status, contentType };
  }
  if (route.response === 'file' && expected < 400) {
    const body = Buffer.from(await res.arrayBuffer());
    const ok = res.status === expected || (example.status === undefined && [200, 206, 302].includes(res.status));
    if (!ok || contentType.startsWith('application/json')) throw new Error(`${where}: ${res.status} ${contentType} ${body.subarray(0, 200).toString()}`);
    return { status: res.status, contentType };
  }
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${where}: expected ${expected}, got ${res.status}: ${text.slice(0, 500)}`);
  if (res.status === 204) {
    if (text !== '') throw new Error(`${where}: a 204 with a body`);
    return { status: res.status, contentType };
  }
  const json: unknown = JSON.parse(text);
  const schema = res.status >= 400 ? apiError : (route.response as z.ZodType);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new Error(`${where}: the answer does not match its schema: ${JSON.stringify(parsed.error.issues.slice(0, 5))}`);
  return { status: res.status, contentType, json };
}
