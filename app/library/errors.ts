// Domain errors of app/library. The HTTP layer maps them: not-found → 404, invalid → 400 (naming
// the field), conflict → 409 with the current state in the body, forbidden → 403, key-reuse → 422.
export type LibraryErrorKind = 'not-found' | 'invalid' | 'conflict' | 'forbidden' | 'key-reuse';

export class LibraryError extends Error {
  override name = 'LibraryError';
  readonly kind: LibraryErrorKind;
  readonly field: string | undefined;
  /** For conflicts: the current state of the edited thing (the client refreshes from it). */
  readonly current: unknown;

  constructor(kind: LibraryErrorKind, message: string, options: { field?: string; current?: unknown } = {}) {
    super(message);
    this.kind = kind;
    this.field = options.field;
    this.current = options.current;
  }
}

export const notFound = (message: string): LibraryError => new LibraryError('not-found', message);
export const invalid = (field: string, message: string): LibraryError => new LibraryError('invalid', `${field}: ${message}`, { field });
export const conflict = (message: string, current: unknown): LibraryError => new LibraryError('conflict', message, { field: 'version', current });
