// The HTTP side of the fs driver: `GET|HEAD|PUT /objects/<key>?exp=..&sig=..`, mounted by the sync
// server. GET answers Range (206/416), ETag and conditional requests (304), as data: never sniffed,
// sandboxed, anything but audio or an image a download. PUT streams the body to disk atomically and
// enforces what the signature binds: Content-Type, Content-Length, Cache-Control, the body's
// SHA-256 and MD5 (400 BadDigest otherwise) and `If-None-Match: *` (412 when the key exists).
// Expired, tampered or foreign signatures are 403 JSON, like S3.
import { Router, type Request, type Response } from 'express';
import { clampSuffixRanges } from '../contract/index.ts';
import { sendError } from './errors.ts';
import { BodyLengthError, DigestError, ExistsError, type FsStore } from '../storage/fs.ts';
import { verifyFields } from '../storage/signing.ts';
import { dataHeaders, isValidKey } from '../storage/types.ts';

interface Signed {
  key: string;
  exp: number;
  sig: string;
}

/** The key, expiry and signature of a request, or null after answering 400/403/404. */
function signedRequest(req: Request, res: Response, store: FsStore): Signed | null {
  const raw = (req.params as { key?: string[] }).key;
  const key = Array.isArray(raw) ? raw.join('/') : '';
  if (!isValidKey(key)) {
    sendError(res, 404, 'no such object');
    return null;
  }
  const { exp, sig } = req.query;
  if (typeof exp !== 'string' || !/^[0-9]{1,12}$/.test(exp) || typeof sig !== 'string' || sig.length > 200) {
    sendError(res, 403, 'this URL is not signed');
    return null;
  }
  if (Number(exp) * 1000 < store.now()) {
    sendError(res, 403, 'this URL has expired');
    return null;
  }
  return { key, exp: Number(exp), sig };
}

export function fsObjectRoutes(store: FsStore): Router {
  const r = Router();

  const get = async (req: Request, res: Response) => {
    const s = signedRequest(req, res, store);
    if (!s) return;
    const filename = typeof req.query.fn === 'string' ? req.query.fn : '';
    if (!verifyFields(store.secret, { method: 'GET', key: s.key, exp: s.exp, filename }, s.sig)) {
      sendError(res, 403, 'the signature does not match');
      return;
    }
    const info = await store.head(s.key);
    if (!info) {
      sendError(res, 404, 'no such object');
      return;
    }
    // A suffix range longer than the object is the whole object (RFC 9110), which send calls a 416.
    if (typeof req.headers.range === 'string') req.headers.range = clampSuffixRanges(req.headers.range, info.size);
    const meta = await store.meta(s.key);
    if (meta?.etag) res.setHeader('ETag', meta.etag);
    for (const [k, v] of Object.entries(dataHeaders(meta?.contentType))) res.setHeader(k, v);
    if (filename) res.attachment(filename);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Range, Content-Length, ETag, Accept-Ranges');
    await new Promise<void>((resolve) => {
      res.sendFile(store.dataPath(s.key), {
        dotfiles: 'allow', acceptRanges: true, lastModified: true, etag: false, cacheControl: false,
        headers: {
          'Content-Type': meta?.contentType ?? 'application/octet-stream',
          'Cache-Control': meta?.cacheControl ?? 'private, no-cache',
        },
      }, (error?: Error) => {
        resolve();
        const err = error as (Error & { status?: number; code?: string; headers?: Record<string, string> }) | undefined;
        if (!err || res.headersSent || err.code === 'ECONNABORTED') return;
        if (err.status === 416) {
          for (const [k, v] of Object.entries(err.headers ?? {})) res.setHeader(k, v);
          sendError(res, 416, 'the requested range is not satisfiable');
        } else if (err.status === 412) sendError(res, 412, 'precondition failed');
        else sendError(res, 404, 'no such object');
      });
    });
  };

  r.get('/objects/*key', get);
  r.head('/objects/*key', get);

  r.put('/objects/*key', async (req, res) => {
    const s = signedRequest(req, res, store);
    if (!s) return;
    const contentType = req.headers['content-type'] ?? '';
    const lengthHeader = req.headers['content-length'];
    const cacheControl = req.headers['cache-control'] ?? '';
    if (lengthHeader === undefined || !/^[0-9]{1,15}$/.test(lengthHeader)) {
      sendError(res, 411, 'Content-Length is required');
      return;
    }
    const contentLength = Number(lengthHeader);
    const hex = (header: string | string[] | undefined) => (typeof header === 'string' && header ? Buffer.from(header, 'base64').toString('hex') : undefined);
    const sha256 = hex(req.headers['x-amz-checksum-sha256']);
    const md5 = hex(req.headers['content-md5']);
    const createOnly = req.headers['if-none-match'] === '*';
    const fields = {
      method: 'PUT' as const, key: s.key, exp: s.exp, contentType, contentLength, cacheControl,
      ...(sha256 ? { sha256 } : {}), ...(md5 ? { md5 } : {}), ...(createOnly ? { createOnly } : {}),
    };
    if (!verifyFields(store.secret, fields, s.sig)) {
      req.resume();
      sendError(res, 403, 'the signature does not match (Content-Type, Content-Length, Cache-Control, the checksums and If-None-Match are bound to the URL)');
      return;
    }
    if (createOnly && (await store.head(s.key))) {
      req.resume();
      sendError(res, 412, `an object is already stored at ${s.key}`);
      return;
    }
    try {
      const info = await store.write(s.key, req, { contentType, contentLength, cacheControl: cacheControl || null, sha256, md5, createOnly });
      if (info.etag) res.setHeader('ETag', info.etag);
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Expose-Headers', 'ETag');
      res.status(200).end();
    } catch (err) {
      if (res.headersSent) return;
      if (err instanceof BodyLengthError || err instanceof DigestError) sendError(res, 400, err.message);
      else if (err instanceof ExistsError) {
        req.resume();
        sendError(res, 412, err.message);
      }
      else if ((err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE' || req.destroyed) res.destroy();
      else sendError(res, 500, 'cannot store the object');
    }
  });
  return r;
}
