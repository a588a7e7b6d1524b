// Subsonic ids are strings. Tonearm's are prefixed catalog ids, so one id says what it names:
// `ar-12` artist, `al-34` album, `tr-56` track (song), `pl-7` playlist, `co-9` cover art.
// Bare numbers are accepted where only one kind makes sense (a song for stream/scrobble, …).
import { ErrorCode, SubsonicError } from './envelope.ts';

export type IdKind = 'ar' | 'al' | 'tr' | 'pl' | 'co';

export const artistId = (id: number): string => `ar-${id}`;
export const albumId = (id: number): string => `al-${id}`;
export const trackId = (id: number): string => `tr-${id}`;
export const playlistId = (id: number): string => `pl-${id}`;
export const coverId = (id: number | null): string | undefined => (id === null ? undefined : `co-${id}`);

export interface ParsedId {
  kind: IdKind;
  id: number;
}

/** `tr-56` → { kind: 'tr', id: 56 }; a bare number takes `bare`'s kind; anything else is null. */
export function parseId(value: string, bare?: IdKind): ParsedId | null {
  const m = /^(?:(ar|al|tr|pl|co)-)?([1-9][0-9]{0,14})$/.exec(value.trim());
  if (!m?.[2]) return null;
  const kind = (m[1] as IdKind | undefined) ?? bare;
  if (!kind) return null;
  return { kind, id: Number(m[2]) };
}

/** The numeric id of `kind`, or error 70 (an id of another kind or a malformed id names nothing). */
export function idOf(value: string, kind: IdKind, what: string): number {
  const parsed = parseId(value, kind);
  if (!parsed || parsed.kind !== kind) throw new SubsonicError(ErrorCode.notFound, `${what} not found: ${value}`);
  return parsed.id;
}
