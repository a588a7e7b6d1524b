// Request parameters of a Subsonic call: the query string and, for a form POST (the `formPost`
// extension), the urlencoded body, merged. Repeated parameters (`id=1&id=2`) are kept in order.
import { missing, SubsonicError, ErrorCode } from './envelope.ts';

export class Params {
  readonly #values: URLSearchParams;

  constructor(query: string, body: string | null = null) {
    this.#values = new URLSearchParams(query);
    if (body) for (const [k, v] of new URLSearchParams(body)) this.#values.append(k, v);
  }

  has(name: string): boolean {
    return this.#values.has(name);
  }

  /** The first value, or undefined. */
  get(name: string): string | undefined {
    return this.#values.get(name) ?? undefined;
  }

  getAll(name: string): string[] {
    return this.#values.getAll(name);
  }

  /** The first non-empty value, or error 10. */
  required(name: string): string {
    const v = this.#values.get(name);
    if (v === null || v === '') throw missing(name);
    return v;
  }

  /** An integer within [min, max], `fallback` when absent or empty; anything else is error 0. */
  int(name: string, fallback: number, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.#values.get(name);
    if (v === null || v === '') return fallback;
    return parseInt(name, v, min, max);
  }

  requiredInt(name: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
    return parseInt(name, this.required(name), min, max);
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.#values.get(name);
    if (v === null || v === '') return fallback;
    return /^(true|1|yes)$/i.test(v);
  }
}

function parseInt(name: string, v: string, min: number, max: number): number {
  if (!/^-?[0-9]{1,15}$/.test(v.trim())) throw new SubsonicError(ErrorCode.generic, `Parameter ${name} must be an integer`);
  return Math.min(max, Math.max(min, Number(v.trim())));
}
