import { UserError } from '../userError.ts';

/** A scan that cannot run (a missing root, a tag reader that cannot start); one sentence for the user. */
export class ScanError extends UserError {
  override name = 'ScanError';
}
