// Subsonic authentication: `apiKey` (a device token; the OpenSubsonic extension), `u` + `t`/`s`
// (t = md5(password + salt)) and `u` + `p` (plaintext or `enc:` hex). Errors, by the spec:
// 10 a parameter is missing, 40 wrong user or password, 41 token auth switched off, 42 password
// auth switched off, 43 apiKey together with u/p/t/s (or p together with t), 44 invalid apiKey.
import crypto from 'node:crypto';
import type { Auth } from '../auth.ts';
import { ErrorCode, missing, SubsonicError } from './envelope.ts';
import type { Params } from './params.ts';
import type { SubsonicUsers } from './users.ts';

export interface SubsonicPrincipal {
  /** The Subsonic user name (for an apiKey: its linked user, else the device's label). */
  username: string;
  deviceId: number | null;
  admin: boolean;
}

const helpUrl = 'https://opensubsonic.netlify.app/docs/extensions/apikeyauth/';

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** `enc:736573616d65` → `sesame`; anything else as given. */
export function decodePassword(p: string): string {
  if (!p.startsWith('enc:')) return p;
  const hex = p.slice(4);
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) return p;
  return Buffer.from(hex, 'hex').toString('utf8');
}

export function authenticate(params: Params, auth: Auth, users: SubsonicUsers): SubsonicPrincipal {
  const apiKey = params.get('apiKey');
  // A name holds no spaces, so what a phone keyboard appends after a completed word goes.
  const u = params.get('u')?.trim();
  const p = params.get('p');
  const t = params.get('t');
  const s = params.get('s');
  if (apiKey !== undefined) {
    if (u !== undefined || p !== undefined || t !== undefined || s !== undefined) {
      throw new SubsonicError(ErrorCode.conflictingMechanisms, 'Multiple conflicting authentication mechanisms provided: apiKey with u, p, t or s', { helpUrl });
    }
    const principal = apiKey.length > 0 && apiKey.length <= 2048 ? auth.identify(apiKey) : null;
    if (!principal) throw new SubsonicError(ErrorCode.invalidApiKey, 'Invalid API key', { helpUrl });
    if (principal.role === 'admin') return { username: 'admin', deviceId: null, admin: true };
    // Every Subsonic credential reads and plays: a desktop's sync token is not one.
    if (principal.scope !== 'listen') throw new SubsonicError(ErrorCode.notAuthorized, 'This API key may only sync; reading and playing need a listen token');
    const user = users.byDevice(principal.deviceId);
    return { username: user?.name ?? `device-${principal.deviceId}`, deviceId: principal.deviceId, admin: false };
  }
  if (u === undefined || u === '') throw missing('u');
  if (p !== undefined && (t !== undefined || s !== undefined)) {
    throw new SubsonicError(ErrorCode.conflictingMechanisms, 'Multiple conflicting authentication mechanisms provided: p with t/s');
  }
  const settings = users.settings();
  if (t !== undefined || s !== undefined) {
    if (!settings.allowToken) {
      throw new SubsonicError(ErrorCode.tokenAuthNotSupported, 'Token authentication is switched off on this server; use an API key', { helpUrl });
    }
    if (!t) throw missing('t');
    if (!s) throw missing('s');
    const found = users.password(u);
    const expected = found ? crypto.createHash('md5').update(found.password + s, 'utf8').digest('hex') : '';
    if (!found || !equal(expected, t.toLowerCase())) throw wrong();
    return { username: found.user.name, deviceId: found.user.deviceId, admin: false };
  }
  if (p === undefined || p === '') throw missing('t and s (or p)');
  if (!settings.allowPassword) {
    throw new SubsonicError(ErrorCode.mechanismNotSupported, 'Password authentication (p) is switched off on this server; use token auth or an API key', { helpUrl });
  }
  const found = users.password(u);
  if (!found || !equal(found.password, decodePassword(p))) throw wrong();
  return { username: found.user.name, deviceId: found.user.deviceId, admin: false };
}

const wrong = () => new SubsonicError(ErrorCode.wrongCredentials, 'Wrong username or password');
