// Request validation with zod: params, query strings and bodies, failing as 400 naming the field.
import { z } from 'zod';
import { albumSortKeys, defaultPageLimit, maxPageLimit, trackSortKeys } from '../contract/index.ts';
import { fromZod } from '../http/errors.ts';

/** A positive integer id, digits only: "../etc", "1e3", "0x10", " 7" are all rejected. */
export const id = z.string().regex(/^[1-9][0-9]{0,14}$/, 'must be a positive integer id').transform(Number);

const count = (max: number) => z.string().regex(/^[0-9]{1,15}$/, 'must be a whole number').transform(Number)
  .pipe(z.number().int().min(0).max(max, `must be at most ${max}`));
const positive = (max: number) => count(max).pipe(z.number().min(1, 'must be at least 1'));

export const order = z.enum(['asc', 'desc']);

export const pageQuery = (limit = defaultPageLimit) => z.object({
  offset: count(Number.MAX_SAFE_INTEGER).default(0),
  limit: positive(maxPageLimit).default(limit),
});

export const trackListQuery = pageQuery().extend({
  sort: z.enum(trackSortKeys).default('title'),
  order: order.default('asc'),
  genreId: id.optional(),
});

export const albumListQuery = pageQuery().extend({
  sort: z.enum(albumSortKeys).default('title'),
  order: order.default('asc'),
  genreId: id.optional(),
});

export const artistListQuery = pageQuery().extend({ order: order.default('asc') });

export const searchQuery = z.object({
  q: z.string().max(200, 'must be at most 200 characters'),
  limit: positive(200).default(20),
});

export const coverQuery = z.object({ size: z.enum(['thumb', 'medium', 'full']).default('medium') });

export const idParams = z.object({ id });

export const playerUpdate = z.object({
  queue: z.array(z.number().int().positive()).max(200_000),
  index: z.number().int().min(0),
  positionMs: z.number().min(0).max(1e10),
  volume: z.number().min(0).max(1),
  muted: z.boolean(),
  shuffle: z.boolean(),
  repeat: z.enum(['off', 'all', 'one']),
}).partial().strict();

export const libraryFolders = z.object({
  folders: z.array(z.string().min(1, 'must not be empty').max(4096)).max(100),
}).strict();

/** Parses `value` or throws a 400 HttpError naming the first bad field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZod(result.error);
  return result.data;
}
