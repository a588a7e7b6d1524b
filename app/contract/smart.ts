// Smart playlists: definitions (rules, sort, limit) validated here — a 400 names the bad field,
// e.g. `definition.rules.2.op` — and compiled to SQL by app/library/smartRules.ts.
import { z } from 'zod';
import { apiError, track, type Id } from './library.ts';
import { id, idParams, page, pageQuery, versionParam } from './fields.ts';
import { route } from './route.ts';

const text = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const num = z.number().finite();
const days = z.number().int().min(1, 'must be at least 1').max(36_500, 'must be at most 36500');

export const smartTextFields = ['genre', 'artist', 'album', 'albumArtist', 'title', 'codec', 'container'] as const;
export type SmartTextField = (typeof smartTextFields)[number];
export type SmartTextOp = 'is' | 'isNot' | 'contains' | 'notContains' | 'startsWith';
export const smartNumberFields = ['year', 'playCount', 'rating', 'durationMs', 'bitrate', 'skipCount'] as const;
export type SmartNumberField = (typeof smartNumberFields)[number];
export type SmartNumberOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'between';
export const smartDateFields = ['addedAt', 'lastPlayed'] as const;
export type SmartDateField = (typeof smartDateFields)[number];
/** inLast/notInLast take `days`; before/after take `value` (epoch ms); never = no value (never played). */
export type SmartDateOp = 'inLast' | 'notInLast' | 'before' | 'after' | 'never';
export const smartBoolFields = ['favorite', 'lossless'] as const;
export type SmartBoolField = (typeof smartBoolFields)[number];

export const smartTextRule = z.strictObject({
  field: z.enum(smartTextFields),
  op: z.enum(['is', 'isNot', 'contains', 'notContains', 'startsWith']),
  value: text,
});
export type SmartTextRule = z.infer<typeof smartTextRule>;

export const smartNumberRule = z.strictObject({
  field: z.enum(smartNumberFields),
  op: z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between']),
  value: num,
  /** Upper bound (inclusive) for `between`. */
  value2: num.optional(),
  /** playCount only: count plays in the last N days instead of all time. */
  withinDays: days.optional(),
}).superRefine((r, ctx) => {
  if (r.op === 'between' && (r.value2 === undefined || r.value2 < r.value)) ctx.addIssue({ code: 'custom', path: ['value2'], message: 'between needs value2 ≥ value' });
  if (r.withinDays !== undefined && r.field !== 'playCount') ctx.addIssue({ code: 'custom', path: ['withinDays'], message: 'only playCount takes withinDays' });
});
export type SmartNumberRule = z.infer<typeof smartNumberRule>;

export const smartDateRule = z.strictObject({
  field: z.enum(smartDateFields),
  op: z.enum(['inLast', 'notInLast', 'before', 'after', 'never']),
  days: days.optional(),
  value: num.optional(),
}).superRefine((r, ctx) => {
  if ((r.op === 'inLast' || r.op === 'notInLast') && r.days === undefined) ctx.addIssue({ code: 'custom', path: ['days'], message: `${r.op} needs days` });
  if ((r.op === 'before' || r.op === 'after') && r.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: `${r.op} needs value (epoch ms)` });
});
export type SmartDateRule = z.infer<typeof smartDateRule>;

export const smartBoolRule = z.strictObject({ field: z.enum(smartBoolFields), value: z.boolean() });
export type SmartBoolRule = z.infer<typeof smartBoolRule>;

export const smartRule = z.discriminatedUnion('field', [smartTextRule, smartNumberRule, smartDateRule, smartBoolRule]);
export type SmartRule = z.infer<typeof smartRule>;

export const smartSortKeys = ['title', 'artist', 'album', 'year', 'addedAt', 'playCount', 'recentPlays', 'lastPlayed', 'rating', 'durationMs', 'random'] as const;
export type SmartSort = (typeof smartSortKeys)[number];

export const smartDefinition = z.strictObject({
  match: z.enum(['all', 'any']),
  /** Up to 50 rules; none = every track. */
  rules: z.array(smartRule).max(50, 'at most 50 rules'),
  /** Default addedAt desc. `recentPlays` = plays in the last `recentDays` (default 30). */
  sort: z.strictObject({ by: z.enum(smartSortKeys), order: z.enum(['asc', 'desc']), recentDays: days.optional() }).optional(),
  /** Max tracks, 1–10000; default none. */
  limit: z.number().int().min(1, 'must be at least 1').max(10_000, 'must be at most 10000').optional(),
});
export type SmartDefinition = z.infer<typeof smartDefinition>;

export const smartBuiltIns = ['forgotten-favorites', 'never-played', 'heavy-rotation'] as const;
export type SmartBuiltIn = (typeof smartBuiltIns)[number];

export const smartPlaylist = z.strictObject({
  id,
  name: z.string(),
  description: z.string(),
  /** Set for the three built-ins (read-only: PUT/DELETE answer 403). */
  builtIn: z.enum(smartBuiltIns).nullable(),
  definition: smartDefinition,
  version: z.number().int().min(1),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type SmartPlaylist = z.infer<typeof smartPlaylist>;

const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const description = z.string().max(2000).optional();

/** POST /api/smart-playlists */
export const smartPlaylistCreate = z.strictObject({ name, description, definition: smartDefinition });
export type SmartPlaylistCreate = z.infer<typeof smartPlaylistCreate>;
/** PUT /api/smart-playlists/:id (409 with { current: SmartPlaylist } when stale) */
export const smartPlaylistUpdate = z.strictObject({ version: z.number().int().min(1), name: name.optional(), description, definition: smartDefinition.optional() });
export type SmartPlaylistUpdate = z.infer<typeof smartPlaylistUpdate>;
export const smartPlaylistConflict = apiError.extend({ current: smartPlaylist });
export type SmartPlaylistConflict = z.infer<typeof smartPlaylistConflict>;

export const smartRoutes = {
  smartPlaylists: route({ method: 'GET', path: '/api/smart-playlists', response: z.array(smartPlaylist) }),
  createSmartPlaylist: route({ method: 'POST', path: '/api/smart-playlists', body: smartPlaylistCreate, response: smartPlaylist, status: 201 }),
  /** Evaluates a definition without saving it. */
  previewSmart: route({ method: 'POST', path: '/api/smart-playlists/preview', query: pageQuery(100), body: smartDefinition, response: page(track) }),
  smartPlaylist: route({ method: 'GET', path: '/api/smart-playlists/:id', params: idParams, response: smartPlaylist }),
  updateSmartPlaylist: route({ method: 'PUT', path: '/api/smart-playlists/:id', params: idParams, body: smartPlaylistUpdate, response: smartPlaylist }),
  deleteSmartPlaylist: route({ method: 'DELETE', path: '/api/smart-playlists/:id', params: idParams, query: z.object({ version: versionParam }), response: 'none' }),
  /** Evaluated live, in SQL. */
  smartTracks: route({ method: 'GET', path: '/api/smart-playlists/:id/tracks', params: idParams, query: pageQuery(100), response: page(track) }),
} as const;

export const smartPlaylistApi = {
  list: () => '/api/smart-playlists',
  playlist: (id: Id) => `/api/smart-playlists/${id}`,
  tracks: (id: Id) => `/api/smart-playlists/${id}/tracks`,
  preview: () => '/api/smart-playlists/preview',
} as const;

