// Why a track could not play, in words a person can act on. The media element reports a file the
// server no longer has (404) the same way as a format it cannot decode, so the server is asked
// first: "file not found" is then said as such.
import type { Id } from '../../app/contract/index.ts';
import { ApiRequestError, client } from '../api/client.ts';

export async function explainPlayError(id: Id, message: string): Promise<string> {
  try {
    await client.streamCheck(id);
    return message;
  } catch (err) {
    if (err instanceof ApiRequestError) {
      if (err.status === 404) return 'file not found (it was moved or deleted)';
      if (err.status === 0) return 'the library cannot be reached';
      if (err.status === 401 || err.status === 403) return 'not signed in to the library';
    }
    return message;
  }
}
