// Test helper: raw Subsonic requests against a running sync server (token auth by default), and
// an endpoint's JSON validated against the spec with its XML compared to it.
import crypto from 'node:crypto';
import { expect } from 'vitest';
import { expectOk, expectXmlMatches, type Endpoint } from './spec.ts';

export interface Rest {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
  body: Buffer;
}

export interface RestInit {
  auth?: Record<string, string> | null;
  f?: string | null;
  method?: 'GET' | 'POST' | 'HEAD';
  headers?: Record<string, string>;
  redirect?: 'manual' | 'follow';
  view?: boolean;
}

export type Params = Record<string, string | string[]>;

/** Token auth params (u, t = md5(password + salt), s). */
export function tokenAuth(user: string, password: string): Record<string, string> {
  const s = crypto.randomBytes(6).toString('hex');
  return { u: user, t: crypto.createHash('md5').update(password + s).digest('hex'), s };
}

export function restClient(url: () => string, defaultAuth: () => Record<string, string>) {
  async function rest(name: string, params: Params = {}, init: RestInit = {}): Promise<Rest> {
    const q = new URLSearchParams();
    const all: Params = { v: '1.16.1', c: 'tonearm-test', ...(init.f === null ? {} : { f: init.f ?? 'json' }), ...(init.auth === null ? {} : init.auth ?? defaultAuth()), ...params };
    for (const [k, v] of Object.entries(all)) for (const x of Array.isArray(v) ? v : [v]) q.append(k, x);
    const path = `${url()}/rest/${name}${init.view === false ? '' : '.view'}`;
    const method = init.method ?? 'GET';
    const res = await fetch(method === 'POST' ? path : `${path}?${q}`, {
      method, redirect: init.redirect ?? 'follow',
      headers: { ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...init.headers },
      ...(method === 'POST' ? { body: q.toString() } : {}),
    });
    const body = Buffer.from(await res.arrayBuffer());
    const text = body.toString('utf8');
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch { /* not JSON */ }
    return { status: res.status, headers: res.headers, text, json, body };
  }

  /** The endpoint's JSON validated against the spec, and its XML form compared to it. */
  async function checked(endpoint: Endpoint, params: Params = {}, xmlSame = true, init: RestInit = {}): Promise<Record<string, unknown>> {
    const json = await rest(endpoint, params, init);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const response = expectOk(endpoint, json.json);
    const xml = await rest(endpoint, params, { ...init, f: null });
    expect(xml.headers.get('content-type')).toMatch(/^text\/xml/);
    if (xmlSame) expectXmlMatches(xml.text, response);
    // Random or changing answers: the XML one must carry the same keys.
    else expectXmlMatches(xml.text, response, { keysOnly: true });
    return response;
  }

  return { rest, checked };
}
