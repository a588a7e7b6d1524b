// Building blocks of the route declarations: how path and query parameters (always strings on
// the wire) parse to values, with the one-sentence messages a 400 names its field with.
import { z } from 'zod';

/** Paging limits every list route accepts (`limit` above `maxPageLimit` is a 400). */
export const defaultPageLimit = 100;
export const maxPageLimit = 1000;

const idPattern = /^[1-9][0-9]{0,14}$/;

/** A positive integer id in a path or query: "../etc", "1e3", "0x10", " 7" are all rejected. */
export const idParam = z.string().regex(idPattern, 'must be a positive integer id').transform(Number);

/** A whole number 0…max in a query string. */
export const countParam = (max: number) => z.string().regex(/^[0-9]{1,15}$/, 'must be a whole number').transform(Number)
  .pipe(z.number().int().min(0).max(max, `must be at most ${max}`));
/** A whole number 1…max in a query string. */
export const positiveParam = (max: number) => countParam(max).pipe(z.number().min(1, 'must be at least 1'));
/** A signed whole number min…max in a query string. */
export const intParam = (min: number, max: number) => z.string().regex(/^-?[0-9]{1,16}$/, 'must be a whole number').transform(Number)
  .pipe(z.number().int().min(min).max(max));
/** The version an edit or delete is based on, in a query string. */
export const versionParam = z.string().regex(idPattern, 'must be the version the delete is based on').transform(Number);

export const order = z.enum(['asc', 'desc']);

/** `{ id }` path parameters. */
export const idParams = z.object({ id: idParam });

/** `offset` and `limit` (default `limit` per route, at most `maxPageLimit`). */
export const pageQuery = (limit = defaultPageLimit) => z.object({
  offset: countParam(Number.MAX_SAFE_INTEGER).default(0),
  limit: positiveParam(maxPageLimit).default(limit),
});

/** Ids in JSON bodies and answers. */
export const id = z.number().int().positive();
export const epochMs = z.number().int().min(0).max(8.64e15);

/** A page of a list: `items` from `offset`, `total` in all. */
export const page = <T extends z.ZodType>(item: T) => z.strictObject({
  items: z.array(item),
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
  limit: z.number().int().min(0),
});
