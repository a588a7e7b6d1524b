// The Content-Security-Policy of the renderer's pages, in every mode: sent by the library server
// with the renderer (web mode), added by Electron's main to the server's responses (desktop), and
// by the sync server with a storage origin for presigned media (remote mode).

export interface CspOptions {
  /** Origins besides 'self' that audio and images may load from (e.g. the object store's). */
  mediaOrigins?: readonly string[];
}

/**
 * Everything comes from the serving origin; covers and artwork may also be data:/blob: URLs.
 * `style-src 'unsafe-inline'` is needed: React sets inline `style` attributes (progress bars,
 * virtual list offsets).
 */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const media = options.mediaOrigins ?? [];
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:', ...media],
    // howler probes/unlocks audio with a tiny data:audio/wav clip.
    ['media-src', "'self'", 'data:', 'blob:', ...media],
    ['font-src', "'self'", 'data:'],
    ['connect-src', "'self'", ...media],
    ['worker-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'self'"],
    ['frame-src', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}
