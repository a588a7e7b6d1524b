// createStore(config): the `s3` or `fs` driver behind one interface. `storeConfigFromEnv` reads the
// TONEARM_S3_* variables.
import { createFsStore, type FsStore, type FsStoreOptions } from './fs.ts';
import { createS3Store, type S3Store, type S3StoreOptions } from './s3.ts';
import { StoreError } from './types.ts';

export type StoreConfig = ({ kind: 's3' } & S3StoreOptions) | ({ kind: 'fs' } & FsStoreOptions);

export function createStore(config: StoreConfig): FsStore | S3Store {
  if (config.kind === 's3') {
    const { kind: _kind, ...options } = config;
    return createS3Store(options);
  }
  const { kind: _kind, ...options } = config;
  return createFsStore(options);
}

/**
 * S3 settings from the environment: TONEARM_S3_ENDPOINT, TONEARM_S3_BUCKET, TONEARM_S3_REGION
 * (default `auto`, as R2 wants), TONEARM_S3_ACCESS_KEY_ID, TONEARM_S3_SECRET_ACCESS_KEY,
 * TONEARM_S3_FORCE_PATH_STYLE (`1`/`true` for MinIO and s3rver). Throws naming what is missing.
 */
export function s3ConfigFromEnv(env: NodeJS.ProcessEnv = process.env): S3StoreOptions {
  const missing = ['TONEARM_S3_BUCKET', 'TONEARM_S3_ACCESS_KEY_ID', 'TONEARM_S3_SECRET_ACCESS_KEY'].filter((n) => !env[n]);
  if (missing.length > 0) throw new StoreError(`S3 storage needs ${missing.join(', ')}`);
  return {
    endpoint: env.TONEARM_S3_ENDPOINT || undefined,
    bucket: env.TONEARM_S3_BUCKET ?? '',
    region: env.TONEARM_S3_REGION || 'auto',
    accessKeyId: env.TONEARM_S3_ACCESS_KEY_ID ?? '',
    secretAccessKey: env.TONEARM_S3_SECRET_ACCESS_KEY ?? '',
    forcePathStyle: /^(1|true|yes)$/i.test(env.TONEARM_S3_FORCE_PATH_STYLE ?? ''),
  };
}

export { createFsStore, createS3Store, StoreError };
export type { FsStore, FsStoreOptions, S3Store, S3StoreOptions };
export * from './types.ts';
