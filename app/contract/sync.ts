// The sync protocol between a desktop library (app/sync client) and the sync server
// (sync-server/), as zod schemas with the types inferred from them; app/sync/protocol.ts
// re-exports the types and describes the flow (README.md beside it). JSON over HTTPS,
// `Authorization: Bearer <device token>`. Objects are content-addressed and immutable:
// renditions/<fingerprint>/<rung>.<ext> and covers/<hash>.<ext>.
import { z } from 'zod';
import { epochMs } from './fields.ts';
import { playSources } from './history.ts';
import { trackGain, trackMeta } from '../model/track.ts';

/** Content-addressed keys only: renditions/<fingerprint>/<rung>.<ext> and covers/<hash>.<ext>. */
export const renditionKeyPattern = /^renditions\/[0-9a-f]{16,64}\/[a-z0-9-]{1,32}\.[a-z0-9]{1,8}$/;
export const coverKeyPattern = /^covers\/[0-9A-Za-z_-]{8,128}\.[a-z0-9]{1,8}$/;
const maxObjectBytes = 8 * 1024 ** 3;
const maxTracks = 1000;

export const quality = z.enum(['high', 'medium', 'low', 'auto']);
export type Quality = z.infer<typeof quality>;

/**
 * Objects are data: the only content types a rendition or a cover can have, by extension. Upload URLs
 * are handed out for these alone (never `text/html`, `image/svg+xml`, …), the key's extension must
 * match, and storage is bound to the type.
 */
export const objectTypes = {
  renditions: { m4a: 'audio/mp4', mp3: 'audio/mpeg', webm: 'audio/webm' },
  covers: { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', bmp: 'image/bmp' },
} as const satisfies Record<'renditions' | 'covers', Record<string, string>>;

/** The content type an object key must have, or null when the key names no rendition or cover type. */
export function contentTypeOf(key: string): string | null {
  const m = /^(renditions|covers)\/.*\.([a-z0-9]{1,8})$/.exec(key);
  if (!m) return null;
  const types: Record<string, string> = objectTypes[m[1] as keyof typeof objectTypes];
  return types[m[2] ?? ''] ?? null;
}

const contentType = z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'must be a MIME type').max(100);
const objectKey = z.string().max(300).refine((k) => renditionKeyPattern.test(k) || coverKeyPattern.test(k),
  'must be renditions/<fingerprint>/<rung>.<ext> or covers/<hash>.<ext>');
/** The content type must be the one its key's extension stands for. */
const typed = <T extends { key: string; contentType: string }>(o: T, ctx: z.RefinementCtx) => {
  const expected = contentTypeOf(o.key);
  if (expected === null) ctx.addIssue({ code: 'custom', path: ['key'], message: 'must end in an extension a rendition (m4a, mp3, webm) or cover (jpg, png, webp, gif, bmp) has' });
  else if (o.contentType !== expected) ctx.addIssue({ code: 'custom', path: ['contentType'], message: `must be ${expected} for .${o.key.split('.').pop()}` });
};
/** 0 is allowed in a manifest: the client may not know a rendition's size before making it. */
const bytes = z.number().int().min(0).max(maxObjectBytes);
const sourceId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const objectFields = { key: objectKey, bytes, contentType };
/** One object a track needs in storage. */
export const objectRef = z.strictObject(objectFields).superRefine(typed);
export type ObjectRef = z.infer<typeof objectRef>;

export const mirrorRendition = z.strictObject({
  ...objectFields,
  key: z.string().regex(renditionKeyPattern, 'must be renditions/<fingerprint>/<rung>.<ext>'),
  rung: z.string().regex(/^[a-z0-9-]{1,32}$/),
  codec: z.string().min(1).max(40),
  bitrate: z.number().int().min(0).max(100_000_000),
}).superRefine(typed);
export type MirrorRendition = z.infer<typeof mirrorRendition>;
const coverRef = z.strictObject({ ...objectFields, key: z.string().regex(coverKeyPattern, 'must be covers/<hash>.<ext>') }).superRefine(typed);

/**
 * Bounds of lyrics on the wire: per track at most `perTrack` lyrics, `lines` lines each of at most
 * `lineChars` characters, and `chars` characters in all (far beyond any song; the client trims to
 * them, app/sync/lyrics.ts, so one odd file never fails a whole request).
 */
export const syncLyricsLimits = { perTrack: 8, lines: 5000, lineChars: 1000, chars: 100_000 } as const;

const syncLyric = z.strictObject({
  synced: z.boolean(),
  lang: z.string().max(35).nullable(),
  offsetMs: z.number().int().min(-10_000_000).max(10_000_000),
  lines: z.array(z.strictObject({
    startMs: z.number().int().min(0).max(1e10).nullable(),
    text: z.string().max(syncLyricsLimits.lineChars),
  })).max(syncLyricsLimits.lines),
  source: z.enum(['sidecar', 'embedded']),
});

/**
 * Track metadata as mirrored: the domain track (app/model/track.ts) — everything the read API
 * shows, nothing about local paths — with its lyrics themselves instead of `hasLyrics`. `gain` is
 * the desktop's Track.gain as it is (tags, or its measurement with the album's), so the mirror
 * answers exactly what the desktop does. Both default to none for a client that sends neither.
 * Lyrics travel inline: a few KB a track, sent only when the track's revision changed (and for
 * the run's small sample), so a lyrics edit is a metadata-only change like a tag edit.
 */
export const mirrorTrackMeta = trackMeta.omit({ hasLyrics: true }).extend({
  gain: trackGain.nullable().default(null),
  lyrics: z.array(syncLyric).max(syncLyricsLimits.perTrack)
    .refine((list) => list.reduce((n, l) => n + l.lines.reduce((m, x) => m + x.text.length, 0), 0) <= syncLyricsLimits.chars,
      `lyrics must hold at most ${syncLyricsLimits.chars} characters in all`)
    .default([]),
});
export type MirrorTrackMeta = z.infer<typeof mirrorTrackMeta>;

const fingerprint = z.string().regex(/^[0-9a-f]{16,64}$/, 'must be a hex fingerprint');
/** A mirrored track's identity: `<fingerprint>` or `<fingerprint>:<copy>` (app/sync/protocol.ts `trackKey`). */
const trackKeyField = z.string().regex(/^[0-9a-f]{16,64}(:[1-9][0-9]{0,4})?$/, 'must be a track key (fingerprint[:copy])');

export const manifestTrack = z.object({
  /** The track's id in the device's catalog (stable across moves and tag edits). */
  sourceId,
  /** The hash of the audio data (never the tags): with `copy`, the track's identity on the server. */
  fingerprint,
  /**
   * The n-th track with this same audio in the device's library (ordered by path), from 0; omitted
   * for the first. Identical audio is one mirrored track per copy.
   */
  copy: z.number().int().min(0).max(10_000).optional(),
  meta: mirrorTrackMeta,
  renditions: z.array(mirrorRendition).min(1, 'a track needs at least one rendition').max(16)
    .refine((r) => new Set(r.map((x) => x.rung)).size === r.length, 'rungs must be distinct'),
  cover: coverRef.nullable(),
  /** Hash of meta + renditions + cover as the client serialised them: unchanged → nothing to do. */
  revision: z.string().min(1).max(128),
  /**
   * Optional: the name of the track's folder on the device, last segment only. The mirror groups
   * albums per folder as the device's catalog does (untagged tracks take it as album title);
   * default: the album title.
   */
  folder: z.string().min(1).max(255).optional(),
});
export type ManifestTrack = z.infer<typeof manifestTrack>;

export const manifestRequest = z.object({ tracks: z.array(manifestTrack).max(maxTracks) });
export type ManifestRequest = z.infer<typeof manifestRequest>;
export const manifestResponse = z.strictObject({
  /** Objects not (yet) in storage; upload these, then commit. Deduplicated across tracks. */
  missing: z.array(objectRef),
  /** Source ids already published at this exact revision: nothing to do for them. */
  upToDate: z.array(sourceId),
  /**
   * This device's tracks (any, not only those asked about) whose objects the server's audit found
   * missing or holding other bytes: send them again (their manifest then names what to upload).
   */
  repair: z.array(sourceId),
});
export type ManifestResponse = z.infer<typeof manifestResponse>;

/** An object to upload, with its content: the URL is bound to these bytes (the store refuses others). */
export const uploadObject = z.strictObject({
  ...objectFields,
  bytes: z.number().int().min(1).max(maxObjectBytes),
  /** SHA-256 of the bytes, hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256'),
  /** MD5 of the bytes, hex (stores report it as the ETag of a single-part upload). */
  md5: z.string().regex(/^[0-9a-f]{32}$/, 'must be a hex MD5'),
}).superRefine(typed);
export type UploadObject = z.infer<typeof uploadObject>;
export const uploadsRequest = z.object({ objects: z.array(uploadObject).max(maxTracks * 4) });
export type UploadsRequest = z.infer<typeof uploadsRequest>;
const presigned = { url: z.string(), method: z.literal('PUT'), headers: z.record(z.string(), z.string()), expiresAt: z.number() };
export const uploadsResponse = z.strictObject({
  /** Send each object's bytes to its URL with exactly these headers (a 412 means storage has it already). */
  uploads: z.array(z.strictObject({ ...objectFields, ...presigned })),
  /** Keys storage already holds, confirmed: a published object is never replaced, so nothing to send. */
  present: z.array(z.string()),
});
export type UploadsResponse = z.infer<typeof uploadsResponse>;

export const commitRequest = manifestRequest;
export type CommitRequest = ManifestRequest;
export const commitResponse = z.strictObject({
  published: z.array(sourceId),
  /** Tracks held back, e.g. an object is missing or has the wrong size. Never published. */
  rejected: z.array(z.strictObject({ sourceId, reason: z.string() })),
});
export type CommitResponse = z.infer<typeof commitResponse>;

/**
 * The end of a run: the device's tracks gone since its last run, and (after a run that checked
 * everything) the keys of every track it still has, so its sources it no longer has are let go of
 * too (e.g. after its catalog was rebuilt). Tracks no source publishes any more leave the mirror.
 */
export const removeRequest = z.object({
  sourceIds: z.array(sourceId).max(10_000),
  /** Track keys of every track the device has; its other sources are let go of. */
  keep: z.array(trackKeyField).max(500_000).optional(),
});
export type RemoveRequest = z.infer<typeof removeRequest>;
export const removeResponse = z.strictObject({
  /** This device's sources let go of. */
  removed: z.number().int().min(0),
  /** Mirrored tracks removed because no source publishes them any more. */
  tracksRemoved: z.number().int().min(0),
});
export type RemoveResponse = z.infer<typeof removeResponse>;

const cursorParam = (what: string) => z.string().regex(/^[0-9]{1,15}$/, `must be ${what} from a previous answer (0 at first)`).transform(Number);
const limitParam = z.string().regex(/^[0-9]{1,4}$/).transform(Number).pipe(z.number().int().min(1).max(5000)).default(1000);
export const changesQuery = z.object({ since: cursorParam('a cursor'), limit: limitParam });

/** `trackId` is the mirror's id (derived from `key`, never reused for other audio). */
export const change = z.strictObject({
  seq: z.number().int(), kind: z.enum(['upsert', 'remove']), trackId: z.number().int().positive(), key: trackKeyField, at: z.number(),
});
export type Change = z.infer<typeof change>;
export const changesResponse = z.strictObject({
  changes: z.array(change),
  /** Pass as `since` next time. */
  cursor: z.number().int().min(0),
  /** More changes are waiting beyond this page. */
  more: z.boolean(),
});
export type ChangesResponse = z.infer<typeof changesResponse>;

// ── Listening data: playlists, favorites/ratings, play events (app/library/SYNC.md) ──────────

const uid = z.string().min(1).max(100);

/** Tracks are named by the desktop's track id (`sourceId`); the mirror maps it to its own id through that device's published tracks. */
export const syncPlaylistEntry = z.object({ uid, sourceId, addedAt: epochMs });
export type SyncPlaylistEntry = z.infer<typeof syncPlaylistEntry>;
export const syncPlaylist = z.object({
  uid, version: z.number().int().min(1), name: z.string().min(1).max(200), description: z.string().max(2000),
  entries: z.array(syncPlaylistEntry).max(100_000), createdAt: epochMs, updatedAt: epochMs,
});
export type SyncPlaylist = z.infer<typeof syncPlaylist>;
export const syncPlaylistTombstone = z.object({ uid, version: z.number().int().min(1), deletedAt: epochMs });
export type SyncPlaylistTombstone = z.infer<typeof syncPlaylistTombstone>;
/** Favorite and rating of a track (albums and artists are not synced yet). */
export const syncPref = z.object({ kind: z.literal('track'), sourceId, favorite: z.boolean(), rating: z.number().int().min(0).max(5), updatedAt: epochMs });
export type SyncPref = z.infer<typeof syncPref>;
export type SyncPlaySource = (typeof playSources)[number];
/** One play, immutable, deduplicated by `clientEventId` on both ends. */
export const syncPlayEvent = z.object({
  clientEventId: z.string().min(1).max(200), sourceId, startedAt: epochMs, endedAt: epochMs, msListened: z.number().min(0).max(86_400_000),
  completed: z.boolean(),
  source: z.enum(playSources),
  /** The report's `sourceId` (which album/playlist it was played from), renamed: not a track. */
  sourceRef: z.string().max(200).nullable(),
  clientId: z.string().max(200).nullable(),
});
export type SyncPlayEvent = z.infer<typeof syncPlayEvent>;

/** POST /api/sync/listening/push: what changed on the desktop since its last acknowledged push. */
export const listeningPushRequest = z.object({
  playlists: z.array(syncPlaylist).max(10_000),
  tombstones: z.array(syncPlaylistTombstone).max(10_000),
  prefs: z.array(syncPref).max(100_000),
  events: z.array(syncPlayEvent).max(5000),
});
export type ListeningPushRequest = z.infer<typeof listeningPushRequest>;
export const listeningPushResponse = z.strictObject({
  /** Uids whose copy was replaced (pushed version ≥ the server's). */
  playlists: z.array(z.string()),
  /** Uids the server kept because its version is higher (remote edits the desktop has not pulled yet). */
  stale: z.array(z.string()),
  tombstones: z.number().int().min(0),
  prefs: z.number().int().min(0),
  events: z.strictObject({ accepted: z.number().int().min(0), duplicates: z.number().int().min(0), unknownTracks: z.number().int().min(0) }),
});
export type ListeningPushResponse = z.infer<typeof listeningPushResponse>;

/** An edit made on the server, as the desktop replays it (with the same rules as a local edit). */
export const playlistOp = z.discriminatedUnion('type', [
  z.object({ type: z.literal('create'), name: z.string(), description: z.string(), entries: z.array(syncPlaylistEntry) }),
  /** `fromName`/`fromDescription`: the values it replaced (a rename rebases when the desktop kept them). */
  z.object({ type: z.literal('update'), name: z.string().optional(), description: z.string().optional(), fromName: z.string(), fromDescription: z.string() }),
  /** `key`: the add's idempotency key (a replay never duplicates); `entryUids`: the entries it made. */
  z.object({ type: z.literal('add'), key: z.string(), sourceIds: z.array(sourceId), entryUids: z.array(z.string()), position: z.number().int().nullable() }),
  z.object({ type: z.literal('remove'), entryUids: z.array(z.string()) }),
  /** The new order of the entries the server has (entries of unpublished tracks keep their place after them). */
  z.object({ type: z.literal('order'), entryUids: z.array(z.string()) }),
  z.object({ type: z.literal('delete') }),
]);
export type PlaylistOp = z.infer<typeof playlistOp>;

export const listeningChange = z.discriminatedUnion('kind', [
  z.object({ seq: z.number().int(), kind: z.literal('playlist'), uid: z.string(), baseVersion: z.number().int(), op: playlistOp, at: z.number() }),
  z.object({ seq: z.number().int(), kind: z.literal('pref'), pref: syncPref, at: z.number() }),
]);
export type ListeningChange = z.infer<typeof listeningChange>;

export const listeningChangesQuery = z.object({ since: cursorParam('a cursor'), events: cursorParam('an event cursor').default(0), limit: limitParam });
/** GET /api/sync/listening/changes?since=<cursor>&events=<eventCursor>&limit=<n ≤ 5000>. */
export const listeningChangesResponse = z.strictObject({
  changes: z.array(listeningChange),
  cursor: z.number().int().min(0),
  /** Play events made on the server (remote player, Subsonic scrobbles); never the desktop's own. */
  events: z.array(syncPlayEvent),
  eventCursor: z.number().int().min(0),
  /** More changes or events are waiting. */
  more: z.boolean(),
});
export type ListeningChangesResponse = z.infer<typeof listeningChangesResponse>;

// ───────────── storage report (tonearm sync --plan) ─────────────

/** GET /api/sync/storage?keepHighDays=<1–3650, default 90>: what the mirror stores and what the policy would free. */
export const storageQuery = z.object({
  keepHighDays: z.string().regex(/^[0-9]{1,4}$/).transform(Number).pipe(z.number().int().min(1).max(3650)).default(90),
});
const count = z.number().int().min(0);
export const rungUsage = z.strictObject({ rung: z.string(), objects: count, bytes: count });
export const storageReport = z.strictObject({
  /** Stored renditions by rung (distinct objects), largest first. */
  rungs: z.array(rungUsage),
  covers: z.strictObject({ objects: count, bytes: count }),
  /** Every object storage holds for this server (renditions, covers, and objects GC has not deleted yet). */
  stored: z.strictObject({ objects: count, bytes: count }),
  /**
   * The storage policy (app/sync/policy.ts): `high` is kept for favorite tracks and tracks played or
   * added within `keepHighDays`; the other tracks' `high` renditions (when they have another) would go.
   */
  policy: z.strictObject({ keepHighDays: count, tracksKeepingHigh: count, tracksDroppingHigh: count, objects: count, bytes: count }),
  /** The last 30 days, for the operation counts of a month: objects uploaded, plays recorded. */
  month: z.strictObject({ uploads: count, plays: count }),
});
export type StorageReport = z.infer<typeof storageReport>;
