// HMAC-SHA256 signed URLs for the fs driver: the sync server's own `/objects/<key>?exp=..&sig=..`
// route checks them. The signature binds the method, the key, the expiry and, for PUT, the
// Content-Type, Content-Length and Cache-Control the uploader must send, the body's SHA-256 and
// MD5 and whether it may only create.
import crypto from 'node:crypto';

export interface SignedFields {
  method: 'GET' | 'PUT';
  key: string;
  /** Expiry, Unix seconds. */
  exp: number;
  contentType?: string;
  contentLength?: number;
  cacheControl?: string;
  /** PUT: the body's SHA-256 and MD5 (hex) the store must receive. */
  sha256?: string;
  md5?: string;
  /** PUT: create only, never replace (`If-None-Match: *`). */
  createOnly?: boolean;
  /** GET: suggested download name. */
  filename?: string;
}

export function signFields(secret: string, f: SignedFields): string {
  const canonical = [
    'TONEARM-HMAC-SHA256', f.method, f.key, String(f.exp), f.contentType ?? '',
    f.contentLength === undefined ? '' : String(f.contentLength), f.cacheControl ?? '', f.filename ?? '',
    f.sha256 ?? '', f.md5 ?? '', f.createOnly ? 'create-only' : '',
  ].join('\n');
  return crypto.createHmac('sha256', secret).update(canonical).digest('base64url');
}

/** Constant-time check of a presented signature. */
export function verifyFields(secret: string, f: SignedFields, signature: string): boolean {
  const expected = Buffer.from(signFields(secret, f));
  const given = Buffer.from(signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

/** `a/b c.m4a` → `a/b%20c.m4a`: each segment encoded, slashes kept. */
export function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
