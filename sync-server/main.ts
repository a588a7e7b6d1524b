// `npm run sync-server -- --port <p> --data <dir> [--store fs|s3] [--host h] [--public-url u]`
// S3 settings come from TONEARM_S3_*; the admin token from TONEARM_ADMIN_TOKEN (else generated
// on first start and printed once).
import { parseArgs } from 'node:util';
import { s3ConfigFromEnv } from '../app/storage/index.ts';
import { checkPrefix } from './prefix.ts';
import { startSyncServer, type SyncServerOptions } from './start.ts';

const help = `Usage: npm run sync-server -- --data <dir> [options]

  --data <dir>          mirror.db, search index and (fs store) objects/ live here (required)
  --port <n>            default 8787 (TONEARM_SYNC_PORT)
  --host <addr>         default 127.0.0.1
  --store fs|s3         default fs (objects in <data>/objects, served with signed URLs by this server)
  --prefix <p>          S3: this server's key prefix in the bucket (default tonearm/<server id>/; TONEARM_S3_PREFIX):
                        servers sharing a bucket keep apart, and GC and the audit list only their own
  --public-url <url>    the URL clients reach this server at (fs object URLs), e.g. behind a proxy
  --rate-limit <n>      requests per minute per caller (admin, or one device) on /api (default 1200)
  --auth-failures <n>   failed sign-ins per minute per address before it is locked out (default 30)
  --gc-grace-hours <h>  unreferenced objects are deleted after this long (default 24)
  --trust-proxy         trust X-Forwarded-* from one proxy hop
  --stream-ttl <s>      stream URLs live exactly this many seconds (testing; default 30 min, at least the track)

Environment: TONEARM_ADMIN_TOKEN, TONEARM_S3_ENDPOINT, TONEARM_S3_BUCKET, TONEARM_S3_REGION (R2: auto),
TONEARM_S3_ACCESS_KEY_ID, TONEARM_S3_SECRET_ACCESS_KEY, TONEARM_S3_FORCE_PATH_STYLE (MinIO: 1).
`;

function fail(message: string): never {
  process.stderr.write(`sync-server: ${message}\n\n${help}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    data: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, store: { type: 'string' }, prefix: { type: 'string' },
    'public-url': { type: 'string' }, 'rate-limit': { type: 'string' }, 'auth-failures': { type: 'string' }, 'gc-grace-hours': { type: 'string' },
    'trust-proxy': { type: 'boolean' }, 'stream-ttl': { type: 'string' }, help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
if (values.help) {
  process.stdout.write(help);
  process.exit(0);
}
if (!values.data) fail('--data is required');
const port = Number(values.port ?? process.env.TONEARM_SYNC_PORT ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid port: ${values.port}`);
const storeKind = values.store ?? 'fs';
if (storeKind !== 'fs' && storeKind !== 's3') fail(`--store must be fs or s3, not ${storeKind}`);
const rateLimit = values['rate-limit'] === undefined ? undefined : Number(values['rate-limit']);
if (rateLimit !== undefined && !(Number.isInteger(rateLimit) && rateLimit > 0)) fail('--rate-limit must be a positive integer');
const authFailures = values['auth-failures'] === undefined ? undefined : Number(values['auth-failures']);
if (authFailures !== undefined && !(Number.isInteger(authFailures) && authFailures > 0)) fail('--auth-failures must be a positive integer');
const graceHours = values['gc-grace-hours'] === undefined ? undefined : Number(values['gc-grace-hours']);
if (graceHours !== undefined && !(graceHours >= 0)) fail('--gc-grace-hours must be a number ≥ 0');

const streamTtl = values['stream-ttl'] === undefined ? undefined : Number(values['stream-ttl']);
if (streamTtl !== undefined && !(Number.isInteger(streamTtl) && streamTtl > 0)) fail('--stream-ttl must be a positive integer');

let store: SyncServerOptions['store'];
try {
  const prefix = values.prefix ?? process.env.TONEARM_S3_PREFIX;
  if (prefix !== undefined && storeKind !== 's3') fail('--prefix is for the s3 store (the fs store is this server\'s own folder)');
  store = storeKind === 's3' ? { kind: 's3', ...s3ConfigFromEnv(), ...(prefix !== undefined ? { prefix: checkPrefix(prefix) } : {}) } : { kind: 'fs' };
} catch (err) {
  fail((err as Error).message);
}

const server = await startSyncServer({
  dataDir: values.data, port, store,
  ...(values.host ? { host: values.host } : {}),
  ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
  ...(process.env.TONEARM_ADMIN_TOKEN ? { adminToken: process.env.TONEARM_ADMIN_TOKEN } : {}),
  ...(rateLimit || authFailures ? { rateLimit: { ...(rateLimit ? { limit: rateLimit } : {}), ...(authFailures ? { failures: authFailures } : {}) } } : {}),
  ...(graceHours !== undefined ? { gc: { graceMs: graceHours * 3600 * 1000 } } : {}),
  ...(values['trust-proxy'] ? { trustProxy: 1 } : {}),
  ...(streamTtl ? { limits: { streamTtlSeconds: streamTtl, streamTtlExact: true } } : {}),
});
process.stdout.write(`Tonearm sync server on ${server.url} (store: ${server.store.kind})\n`);
if (server.adminToken) {
  process.stdout.write(`Admin token (shown once, only its hash is stored): ${server.adminToken}\n`);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
