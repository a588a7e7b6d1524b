// IPC between the preload and main: channel names, payload schemas (zod) and the sender check.
// Pure: no electron import, so the rules are unit-tested. The glue in index.ts wires them up.
import path from 'node:path';
import { z } from 'zod';
import type { NowPlaying } from '../app/contract/desktop.ts';

export { channels, type BridgeInfo } from './channels.ts';
import { channels } from './channels.ts';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** At most this many paths per drop: a drop of a whole disk's files should not flood main. */
export const maxOpenPaths = 1000;

export const schemas = {
  info: z.tuple([]),
  chooseFolder: z.tuple([]),
  revealInFolder: z.tuple([id]),
  openPaths: z.tuple([
    z.array(z.string().min(1).max(4096).refine((p) => !p.includes('\0') && path.isAbsolute(p), 'must be an absolute path')).max(maxOpenPaths),
  ]),
  nowPlaying: z.tuple([z.strictObject({ trackId: id.nullable(), playing: z.boolean() }) satisfies z.ZodType<NowPlaying>]),
  window: z.tuple([z.enum(['minimize', 'toggleMaximize', 'close'])]),
} as const;

export type WindowAction = z.infer<typeof schemas.window>[0];
export type Channel = keyof typeof schemas;

/** The origin of a URL ('null' for opaque ones, undefined when it does not parse). */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * Only the app's own page may talk to main: the sending frame must be a main frame (no iframes)
 * whose URL has exactly the library server's origin (scheme, host and port).
 */
export function isTrustedSender(
  frame: { url: string; isMainFrame: boolean } | null | undefined,
  serverOrigin: string,
): boolean {
  if (!frame || !frame.isMainFrame) return false;
  const origin = originOf(frame.url);
  return origin !== undefined && origin !== 'null' && origin === serverOrigin;
}

export class IpcRejected extends Error {
  override name = 'IpcRejected';
}

/** Validates the sender then the arguments of an IPC message; throws IpcRejected otherwise. */
export function checkMessage<C extends Channel>(
  channel: C,
  frame: { url: string; isMainFrame: boolean } | null | undefined,
  serverOrigin: string,
  args: readonly unknown[],
): z.infer<(typeof schemas)[C]> {
  if (!isTrustedSender(frame, serverOrigin)) throw new IpcRejected(`${channels[channel]}: untrusted sender ${frame?.url ?? '(none)'}`);
  const parsed = schemas[channel].safeParse(args);
  if (!parsed.success) throw new IpcRejected(`${channels[channel]}: invalid payload (${parsed.error.issues[0]?.message ?? 'bad arguments'})`);
  return parsed.data as z.infer<(typeof schemas)[C]>;
}
