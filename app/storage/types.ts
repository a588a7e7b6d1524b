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
  /** SHA-256 of the body (hex): bound into the URL; the store refuses other bytes (S3/R2 `x-amz-checksum-sha256`, fs). */
  sha256?: string;
  /** MD5 of the body (hex): `Content-MD5`, which S3-compatible stores check. */
  md5?: string;
  /** The PUT only creates: an object already at the key is never replaced (`If-None-Match: *`; 412). */
  createOnly?: boolean;
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
  /** SHA-256 of the content (hex), when the store knows it. */
  sha256?: string | null;
}

export interface ObjectStore {
  readonly kind: 's3' | 'fs';
  presignPut(key: string, options: PresignPutOptions): Promise<PresignedRequest>;
  presignGet(key: string, options: PresignGetOptions): Promise<PresignedRequest>;
  head(key: string): Promise<ObjectInfo | null>;
  delete(key: string): Promise<void>;
  list(prefix: string): AsyncIterable<ObjectInfo>;
}

/** Audio or a (raster) image: what objects may be shown inline; anything else is served as an attachment. */
export function isMedia(contentType: string | null | undefined): boolean {
  return /^(audio\/[a-z0-9.+-]+|image\/(jpeg|png|webp|gif|bmp|avif))(;|$)/i.test(contentType ?? '');
}

/**
 * Headers for serving stored bytes from this server's own origin (the fs store's `/objects`, every
 * pass-through): never sniffed, never a page (a sandbox CSP), and anything but audio or an image a
 * download.
 */
export function dataHeaders(contentType: string | null | undefined): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    ...(isMedia(contentType) ? {} : { 'Content-Disposition': 'attachment' }),
  };
}

/** Content-addressed key of one rendition: the audio fingerprint, never the tags. */
export function renditionKey(fingerprint: string, rung: string, extension: string): string {
  if (!/^[0-9a-f]{16,64}$/.test(fingerprint)) throw new Error(`not a fingerprint: ${fingerprint}`);
  if (!/^[a-z0-9-]{1,32}$/.test(rung) || !/^[a-z0-9]{1,8}$/.test(extension)) throw new Error(`bad rendition name: ${rung}.${extension}`);
  return `renditions/${fingerprint}/${rung}.${extension}`;
}

export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Where the client sends each part of a multipart upload (PUT, then collect each response's ETag). */
export interface PresignedPart extends PresignedRequest {
  partNumber: number;
  /** Byte range of the object this part carries: [start, end) */
  start: number;
  end: number;
}

export interface MultipartStart {
  key: string;
  uploadId: string;
  partSize: number;
  parts: PresignedPart[];
}

export interface StartMultipartOptions {
  contentType: string;
  /** Total object size in bytes. */
  contentLength: number;
  ttlSeconds: number;
  cacheControl?: string;
  /** Default 64 MiB; S3 needs at least 5 MiB for all parts but the last. */
  partSize?: number;
}

export interface CompletedPart {
  partNumber: number;
  etag: string;
}

/** Multipart uploads for large objects: presigned UploadPart URLs, then complete (or abort). */
export interface MultipartStore {
  startMultipart(key: string, options: StartMultipartOptions): Promise<MultipartStart>;
  completeMultipart(key: string, uploadId: string, parts: CompletedPart[]): Promise<void>;
  abortMultipart(key: string, uploadId: string): Promise<void>;
}

/** The store's drivers implement both: `fs` answers a multipart request with one part covering the whole object. */
export type Store = ObjectStore & MultipartStore;

export const defaultPartSize = 64 * 1024 * 1024;
export const minPartSize = 5 * 1024 * 1024;
/** S3's limit on the number of parts. */
export const maxParts = 10_000;

/** Keys are relative paths of safe segments: letters, digits, `._-`; no empty, `.` or `..` segment. */
export function isValidKey(key: string): boolean {
  if (key.length === 0 || key.length > 512) return false;
  return key.split('/').every((s) => /^[A-Za-z0-9._-]{1,200}$/.test(s) && s !== '.' && s !== '..');
}

export function assertKey(key: string): void {
  if (!isValidKey(key)) throw new StoreError(`invalid object key: ${JSON.stringify(key.slice(0, 80))}`);
}

/** Part boundaries for an object of `size` bytes. */
export function partRanges(size: number, partSize: number): Array<{ partNumber: number; start: number; end: number }> {
  const out: Array<{ partNumber: number; start: number; end: number }> = [];
  for (let start = 0, n = 1; start < size || (size === 0 && n === 1); start += partSize, n++) {
    out.push({ partNumber: n, start, end: Math.min(size, start + partSize) });
    if (size === 0) break;
  }
  return out;
}

export class StoreError extends Error {
  override name = 'StoreError';
}
