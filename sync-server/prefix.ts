// Shared buckets: each sync server keeps its objects under its own key prefix in S3 storage
// (default `tonearm/<server id>/`, `--prefix` to choose), so several servers — or other data — can
// share one bucket. Everything this server does in storage (presigned PUT/GET, HEAD, delete, and
// the listings of garbage collection and the audit) happens under it; keys in the mirror stay
// relative (`renditions/…`, `covers/…`).
import crypto from 'node:crypto';
import type { SettingsStore } from '../app/catalog/settings.ts';
import { StoreError, type Store } from '../app/storage/types.ts';

/** Segments of `[A-Za-z0-9._-]`, each followed by `/`; empty for the bucket's root (the first layout). */
export function checkPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  const p = prefix.endsWith('/') ? prefix : `${prefix}/`;
  const ok = p.length <= 200 && p.slice(0, -1).split('/').every((s) => /^[A-Za-z0-9._-]{1,64}$/.test(s) && s !== '.' && s !== '..');
  if (!ok) throw new StoreError(`the key prefix must be path segments of letters, digits and . _ - (e.g. tonearm/home/), not ${JSON.stringify(prefix)}`);
  return p;
}

/** This server's id (made on first start, kept in its database) and the prefix it defaults to. */
export function serverIdentity(settings: SettingsStore): { serverId: string; defaultPrefix: string } {
  let serverId = settings.get<string | null>('mirror.serverId', null);
  if (!serverId) {
    serverId = crypto.randomBytes(8).toString('hex');
    settings.set('mirror.serverId', serverId);
  }
  const legacy = settings.get<string | null>('mirror.prefix', null);
  return { serverId, defaultPrefix: legacy ?? `tonearm/${serverId}/` };
}

/** `store` with every key under `prefix`. */
export function prefixedStore<S extends Store>(store: S, prefix: string): S {
  if (prefix === '') return store;
  const full = (key: string) => prefix + key;
  const relative = <T extends { key: string }>(o: T): T => ({ ...o, key: o.key.slice(prefix.length) });
  return {
    ...store,
    presignPut: (key, o) => store.presignPut(full(key), o),
    presignGet: (key, o) => store.presignGet(full(key), o),
    head: async (key) => {
      const info = await store.head(full(key));
      return info ? relative(info) : null;
    },
    delete: (key) => store.delete(full(key)),
    async *list(p) {
      for await (const o of store.list(full(p))) yield relative(o);
    },
    startMultipart: async (key, o) => relative(await store.startMultipart(full(key), o)),
    completeMultipart: (key, id, parts) => store.completeMultipart(full(key), id, parts),
    abortMultipart: (key, id) => store.abortMultipart(full(key), id),
  };
}
