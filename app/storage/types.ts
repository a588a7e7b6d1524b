// Object storage behind one interface: S3-compatible stores (R2, AWS S3, MinIO) and a local
// directory served by the sync server with HMAC-signed URLs. Audio never passes through the sync
// server in S3 mode: clients PUT and GET with presigned URLs.

export interface PresignedRequest {
  url: string;
  method: 'GET' | 'PUT';
  /** Headers the client must send exactly (e.g. Content-Type bound into the signature). */
  headers: Record<string, string>;
  expiresAt: number;
}

export interface PresignPutOptions {
  contentType: string;
  /** Bound into the signature where the store allows it. */
  contentLength: number;
  ttlSeconds: number;
  /** e.g. 'public, max-age=31536000, immutable' for content-addressed objects. */
  cacheControl?: string;
}

export interface PresignGetOptions {
  ttlSeconds: number;
  /** Suggested download name (Content-Disposition). */
  filename?: string;
}

export interface ObjectInfo {
  key: string;
  size: number;
  etag: string | null;
  contentType: string | null;
  lastModified: number | null;
}

export interface ObjectStore {
  readonly kind: 's3' | 'fs';
  presignPut(key: string, options: PresignPutOptions): Promise<PresignedRequest>;
  presignGet(key: string, options: PresignGetOptions): Promise<PresignedRequest>;
  head(key: string): Promise<ObjectInfo | null>;
  delete(key: string): Promise<void>;
  list(prefix: string): AsyncIterable<ObjectInfo>;
}

/** Content-addressed key of one rendition: the audio fingerprint, never the tags. */
export function renditionKey(fingerprint: string, rung: string, extension: string): string {
  if (!/^[0-9a-f]{16,64}$/.test(fingerprint)) throw new Error(`not a fingerprint: ${fingerprint}`);
  if (!/^[a-z0-9-]{1,32}$/.test(rung) || !/^[a-z0-9]{1,8}$/.test(extension)) throw new Error(`bad rendition name: ${rung}.${extension}`);
  return `renditions/${fingerprint}/${rung}.${extension}`;
}

export const IMMUTABLE = 'public, max-age=31536000, immutable';
