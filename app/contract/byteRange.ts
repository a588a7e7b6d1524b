// HTTP Range requests (RFC 9110 §14), parsed once for every server and the service worker:
// range-parser (the parser express and send use), plus the one rule it gets wrong — a suffix range
// longer than the representation (`bytes=-5000` of a 100-byte body) selects the whole
// representation (§14.1.2), where range-parser calls it unsatisfiable (a 416 a client never expects).
// Routes that answer through `send` (res.sendFile: the fs store's objects, Subsonic streams on the
// fs store) pass the header through clampSuffixRanges first.
import rangeParser from 'range-parser';

/** One inclusive byte range; 'unsatisfiable' → 416; null → ignore the header and send the whole body (200). */
export type ByteRange = { start: number; end: number } | 'unsatisfiable' | null;

/**
 * The range a `Range` header selects from a body of `size` bytes. Overlapping or adjacent ranges are
 * combined; several disjoint ranges (multipart) and malformed headers are ignored (null: the
 * whole body, which RFC 9110 allows a server to send instead).
 */
export function parseByteRange(header: string | null | undefined, size: number): ByteRange {
  if (!header) return null;
  // An empty body: only a suffix range with a non-zero length is satisfiable (§14.1.1), and it selects all of nothing.
  if (size === 0) return /(=|,)\s*-\s*0*[1-9]/.test(header) ? null : 'unsatisfiable';
  const ranges = rangeParser(size, clampSuffixRanges(header, size), { combine: true });
  if (ranges === -1) return 'unsatisfiable';
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1 || !ranges[0]) return null;
  return { start: ranges[0].start, end: ranges[0].end };
}

/**
 * The header with every suffix length beyond the body cut to the body's size (the whole body; a
 * zero-length suffix stays unsatisfiable): for routes that hand the header to `send`
 * (res.sendFile), which parses it with range-parser too.
 */
export function clampSuffixRanges(header: string, size: number): string {
  return header.replace(/(^\s*bytes\s*=\s*|,\s*)-\s*(\d+)\s*(?=,|$)/gi, (_, lead: string, n: string) => `${lead}-${Math.min(Number(n), size)}`);
}
