import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { route } from '../contract/route.ts';
import { drainApp, installDrain } from './drain.ts';
import { mount } from './mount.ts';

const slow = route({ method: 'POST', path: '/slow', body: z.object({ n: z.number() }), response: z.object({ n: z.number() }) });
const fast = route({ method: 'GET', path: '/fast', response: z.object({ ok: z.boolean() }) });

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.closeAllConnections(), s.close();
});

async function serve(database: { open: boolean }) {
  let entered = (): void => {};
  const started = new Promise<void>((resolve) => (entered = resolve));
  let release = (): void => {};
  const app = express();
  installDrain(app);
  app.use(express.json());
  mount(app.router, slow, async ({ body }) => {
    entered();
    await new Promise<void>((resolve) => (release = resolve));
    if (!database.open) throw new Error('The database connection is not open');
    return { n: body.n };
  });
  mount(app.router, fast, () => {
    if (!database.open) throw new Error('The database connection is not open');
    return { ok: true };
  });
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { app, base, started, release: () => release() };
}

describe('drainApp', () => {
  it('waits for a running handler, refuses new requests meanwhile, and resolves before the database closes', async () => {
    const database = { open: true };
    const s = await serve(database);
    const answer = fetch(`${s.base}/slow`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":7}' });
    await s.started;
    let drained = false;
    const drain = drainApp(s.app).then(() => (drained = true));

    const refused = await fetch(`${s.base}/fast`);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ error: { status: 503, message: 'The server is shutting down.' } });
    expect(drained).toBe(false);

    s.release();
    await drain;
    database.open = false;
    const res = await answer;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ n: 7 });
  });

  it('resolves at once when nothing runs', async () => {
    const s = await serve({ open: true });
    await drainApp(s.app);
    expect((await fetch(`${s.base}/fast`)).status).toBe(503);
  });
});
