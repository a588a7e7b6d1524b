// The `s3` driver: any S3-compatible store (Cloudflare R2, AWS S3, MinIO) through the AWS SDK v3.
// Presigned PUTs bind Content-Type, Content-Length, Cache-Control and — when given — the body's
// SHA-256 (`x-amz-checksum-sha256`), MD5 (`Content-MD5`) and `If-None-Match: *` into the signature; presigned
// GETs expire after their TTL. Multipart uploads hand out one presigned UploadPart URL per part.
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, DeleteObjectCommand,
  GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  assertKey, defaultPartSize, maxParts, minPartSize, partRanges, StoreError, type CompletedPart, type MultipartStart,
  type ObjectInfo, type PresignedRequest, type PresignGetOptions, type PresignPutOptions, type StartMultipartOptions, type Store,
} from './types.ts';

export interface S3StoreOptions {
  /** e.g. `https://<account>.r2.cloudflarestorage.com`; omitted: AWS S3 for `region`. */
  endpoint?: string | undefined;
  bucket: string;
  /** R2 uses `auto`. */
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (`<endpoint>/<bucket>/<key>`): MinIO, s3rver. */
  forcePathStyle?: boolean | undefined;
  /** Clock in ms, used as the signing date (tests). */
  now?: () => number;
  /** Keys per ListObjectsV2 page (default 1000). */
  listPageSize?: number;
}

export interface S3Store extends Store {
  readonly kind: 's3';
  readonly client: S3Client;
  readonly bucket: string;
}

const maxTtl = 7 * 24 * 3600;

function statusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

export function createS3Store(options: S3StoreOptions): S3Store {
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle ?? false,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // No default CRC32 checksums: a presigned URL must not demand a checksum the client can't know.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = options.bucket;
  const now = options.now ?? Date.now;
  const ttl = (seconds: number) => Math.max(1, Math.min(maxTtl, Math.round(seconds)));

  type Presign = (options: { expiresIn: number; signingDate: Date; signableHeaders: Set<string> }) => Promise<string>;
  async function sign(presign: Presign, ttlSeconds: number, signable: string[]): Promise<{ url: string; expiresAt: number }> {
    const signingDate = new Date(now());
    const expiresIn = ttl(ttlSeconds);
    const url = await presign({ expiresIn, signingDate, signableHeaders: new Set(signable) });
    return { url, expiresAt: Math.floor(signingDate.getTime() / 1000) * 1000 + expiresIn * 1000 };
  }

  async function presignPut(key: string, o: PresignPutOptions): Promise<PresignedRequest> {
    assertKey(key);
    const sha256 = o.sha256 ? Buffer.from(o.sha256, 'hex').toString('base64') : undefined;
    const md5 = o.md5 ? Buffer.from(o.md5, 'hex').toString('base64') : undefined;
    const command = new PutObjectCommand({
      Bucket, Key: key, ContentType: o.contentType, ContentLength: o.contentLength,
      ...(o.cacheControl ? { CacheControl: o.cacheControl } : {}),
      ...(sha256 ? { ChecksumSHA256: sha256 } : {}),
      ...(md5 ? { ContentMD5: md5 } : {}),
      ...(o.createOnly ? { IfNoneMatch: '*' } : {}),
    });
    const headers: Record<string, string> = { 'Content-Type': o.contentType, 'Content-Length': String(o.contentLength) };
    if (o.cacheControl) headers['Cache-Control'] = o.cacheControl;
    if (sha256) headers['x-amz-checksum-sha256'] = sha256;
    if (md5) headers['Content-MD5'] = md5;
    if (o.createOnly) headers['If-None-Match'] = '*';
    // Every header above is signed, and the checksum stays a header (S3 and R2 check it against the body).
    const signed = Object.keys(headers).map((h) => h.toLowerCase());
    const { url, expiresAt } = await sign((a) => getSignedUrl(client, command, { ...a, unhoistableHeaders: new Set(['x-amz-checksum-sha256']) }),
      o.ttlSeconds, signed);
    return { url, method: 'PUT', headers, expiresAt };
  }

  async function presignGet(key: string, o: PresignGetOptions): Promise<PresignedRequest> {
    assertKey(key);
    const command = new GetObjectCommand({
      Bucket, Key: key,
      ...(o.filename ? { ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(o.filename)}` } : {}),
    });
    const { url, expiresAt } = await sign((a) => getSignedUrl(client, command, a), o.ttlSeconds, []);
    return { url, method: 'GET', headers: {}, expiresAt };
  }

  async function head(key: string): Promise<ObjectInfo | null> {
    assertKey(key);
    try {
      const out = await client.send(new HeadObjectCommand({ Bucket, Key: key, ChecksumMode: 'ENABLED' }));
      // A full-object SHA-256 (not a multipart "checksum of checksums", which ends in -<parts>).
      const sha256 = out.ChecksumSHA256 && !out.ChecksumSHA256.includes('-') ? Buffer.from(out.ChecksumSHA256, 'base64').toString('hex') : null;
      return {
        key, size: out.ContentLength ?? 0, etag: out.ETag ?? null, contentType: out.ContentType ?? null,
        lastModified: out.LastModified?.getTime() ?? null, sha256,
      };
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw err;
    }
  }

  async function* list(prefix: string): AsyncGenerator<ObjectInfo> {
    let token: string | undefined;
    do {
      const out = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix || undefined, ContinuationToken: token, MaxKeys: options.listPageSize ?? 1000 }));
      for (const o of out.Contents ?? []) {
        if (o.Key === undefined) continue;
        yield { key: o.Key, size: o.Size ?? 0, etag: o.ETag ?? null, contentType: null, lastModified: o.LastModified?.getTime() ?? null };
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
  }

  async function startMultipart(key: string, o: StartMultipartOptions): Promise<MultipartStart> {
    assertKey(key);
    let partSize = Math.max(minPartSize, o.partSize ?? defaultPartSize);
    if (Math.ceil(o.contentLength / partSize) > maxParts) partSize = Math.ceil(o.contentLength / maxParts);
    const created = await client.send(new CreateMultipartUploadCommand({
      Bucket, Key: key, ContentType: o.contentType, ...(o.cacheControl ? { CacheControl: o.cacheControl } : {}),
    }));
    const uploadId = created.UploadId;
    if (!uploadId) throw new StoreError(`the store did not start a multipart upload for ${key}`);
    const parts = await Promise.all(partRanges(o.contentLength, partSize).map(async (p) => {
      const length = p.end - p.start;
      const command = new UploadPartCommand({ Bucket, Key: key, UploadId: uploadId, PartNumber: p.partNumber, ContentLength: length });
      const { url, expiresAt } = await sign((a) => getSignedUrl(client, command, a), o.ttlSeconds, ['content-length']);
      return { ...p, url, method: 'PUT' as const, headers: { 'Content-Length': String(length) }, expiresAt };
    }));
    return { key, uploadId, partSize, parts };
  }

  async function completeMultipart(key: string, uploadId: string, parts: CompletedPart[]): Promise<void> {
    assertKey(key);
    const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
    await client.send(new CompleteMultipartUploadCommand({
      Bucket, Key: key, UploadId: uploadId,
      MultipartUpload: { Parts: sorted.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
    }));
  }

  async function abortMultipart(key: string, uploadId: string): Promise<void> {
    assertKey(key);
    await client.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId }));
  }

  return {
    kind: 's3',
    client,
    bucket: Bucket,
    presignPut,
    presignGet,
    head,
    delete: async (key) => {
      assertKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    list,
    startMultipart,
    completeMultipart,
    abortMultipart,
  };
}
