// Library writes made offline (play reports, favorites, playlist edits): a POST/PUT/DELETE that
// fails to reach the server is kept in the cache and answered 202; the queue is sent in order once
// the server answers again (on the next successful read, and when a page says it is online).
import { broadcast } from './scope.ts';

export const outboxCache = 'tonearm-outbox';
let outboxSeq = Date.now();

export async function sendOrQueue(request: Request): Promise<Response> {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch {
    const body = await copy.text();
    const headers: Record<string, string> = {};
    copy.headers.forEach((v, k) => (headers[k] = v));
    const cache = await caches.open(outboxCache);
    await cache.put(`/outbox/${outboxSeq++}`, new Response(JSON.stringify({ url: copy.url, method: copy.method, headers, body })));
    void broadcast({ type: 'queued', pending: (await cache.keys()).length });
    return new Response(JSON.stringify({ queued: true }), { status: 202, headers: { 'content-type': 'application/json' } });
  }
}

let flushing: Promise<void> | null = null;
export function flushOutbox(): Promise<void> {
  flushing ??= (async () => {
    const cache = await caches.open(outboxCache);
    const keys = [...(await cache.keys())].sort((a, b) => Number(a.url.split('/').pop()) - Number(b.url.split('/').pop()));
    for (const k of keys) {
      const saved = (await (await cache.match(k))?.json()) as { url: string; method: string; headers: Record<string, string>; body: string } | undefined;
      if (!saved) continue;
      try {
        const res = await fetch(saved.url, { method: saved.method, headers: saved.headers, body: saved.body || null, credentials: 'same-origin' });
        if (res.status >= 500) break;
      } catch {
        break; // still offline
      }
      await cache.delete(k);
    }
    void broadcast({ type: 'queued', pending: (await cache.keys()).length });
  })().finally(() => (flushing = null));
  return flushing;
}
