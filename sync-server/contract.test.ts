// The sync server against its contract: every declared /api route is called once on a real sync
// server (fs store) with a library published through the real protocol, and each answer must
// match the route's (strict) response schema; and the server mounts no /api route the contract
// does not declare. (Subsonic's /rest has its own spec test; /objects is the fs store's bucket.)
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncServerRoutes, type NewDevice, type UploadsResponse } from '../app/contract/index.ts';
import { declaredRoutes, mountedRoutes } from '../app/http/testing/routes.ts';
import { browseSteps, listeningSteps, walkRoutes, type Steps } from '../app/http/testing/walk.ts';
import { digestsOf, makeTrack, startTestServer, type TestServer, type TestTrack } from './testing/testkit.ts';

let t: TestServer;
const cover = crypto.randomBytes(3000);
const tracks: TestTrack[] = [1, 2, 3].map((n) => makeTrack(n, { cover, meta: { title: `Come Together ${n}`, trackNo: n, genres: ['Rock'] } }));
const bodies = new Map(tracks.flatMap((x) => [...x.bodies]));

beforeAll(async () => {
  t = await startTestServer('fs');
}, 60_000);
afterAll(async () => t?.close());

/** The sync protocol first (it publishes what the read steps browse), then the read and listening API, then admin. */
const steps: Steps<typeof syncServerRoutes> = {
  manifest: { example: () => ({ body: { tracks: tracks.map((x) => x.track) } }) },
  uploads: {
    example: () => ({ body: { objects: [...bodies].map(([key, body]) => ({ key, bytes: body.length, contentType: key.startsWith('covers/') ? 'image/jpeg' : 'audio/mp4', ...digestsOf(body) })) } }),
    // The client PUTs each object straight to storage before it commits.
    then: (j, c) => { c.puts = Promise.all((j as UploadsResponse).uploads.map((u) => fetch(u.url, { method: 'PUT', headers: u.headers, body: bodies.get(u.key) ?? null }))); },
  },
  commit: { before: async (c) => { await c.puts; }, example: () => ({ body: { tracks: tracks.map((x) => x.track) } }) },
  changes: { example: () => ({ query: { since: 0, limit: 10 } }) },
  remove: { example: () => ({ body: { sourceIds: [77] } }) },
  listeningChanges: { example: () => ({ query: { since: 0 } }) },
  listeningPush: { example: () => ({ body: { playlists: [], tombstones: [], prefs: [{ kind: 'track', sourceId: 1, favorite: true, rating: 3, updatedAt: 1_700_000_000_000 }], events: [] } }) },
  storage: { example: () => ({ query: { keepHighDays: 30 } }) },
  ...browseSteps,
  streamUrl: { example: (c) => ({ params: { id: c.track.id }, query: { quality: 'medium' } }) },
  remoteCover: { example: (c) => ({ params: { id: c.track.coverId! } }) },
  startCookie: {},
  endCookie: {},
  ...listeningSteps({ mosaicStatus: 404 }),
  devices: {},
  createDevice: { example: () => ({ body: { name: 'phone' } }), then: (j, c) => { c.device = j; } },
  revokeDevice: { example: (c) => ({ params: { id: (c.device as NewDevice).id } }) },
  gc: { example: () => ({ body: { graceMs: 3_600_000 } }) },
  audit: {},
  subsonicUsers: {},
  createSubsonicUser: { example: () => ({ body: { name: 'alice' } }) },
  deleteSubsonicUser: { example: () => ({ params: { name: 'alice' } }) },
  subsonicSettings: {},
  saveSubsonicSettings: { example: () => ({ body: { redirectClients: ['DSub'] } }) },
};

describe('sync server contract', () => {
  it('answers every declared route as its response schema says', async () => {
    await walkRoutes(t.server.url, { Authorization: `Bearer ${t.adminToken}` }, syncServerRoutes, steps);
  }, 60_000);

  it('mounts exactly the declared routes under /api', () => {
    expect(mountedRoutes(t.server.app).filter((r) => r.includes(' /api'))).toEqual(declaredRoutes(syncServerRoutes));
  });
});
