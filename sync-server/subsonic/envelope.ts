// The OpenSubsonic envelope (`subsonic-response`) and its three encodings: XML (the default),
// JSON and JSONP. Errors are Subsonic errors inside an HTTP 200 answer, as clients expect.
import type { Response } from 'express';
import { cleanValue } from './text.ts';
import { toXml, type XmlValue } from './xml.ts';

export const apiVersion = '1.16.1';
export const serverType = 'tonearm';

/** Subsonic error codes (OpenSubsonic `error.code`). */
export const ErrorCode = {
  generic: 0,
  missingParameter: 10,
  clientTooOld: 20,
  serverTooOld: 30,
  wrongCredentials: 40,
  tokenAuthNotSupported: 41,
  mechanismNotSupported: 42,
  conflictingMechanisms: 43,
  invalidApiKey: 44,
  notAuthorized: 50,
  notFound: 70,
} as const;

export class SubsonicError extends Error {
  override name = 'SubsonicError';
  readonly code: number;
  readonly helpUrl: string | undefined;
  /** HTTP status of the answer (200 unless noted: Subsonic errors travel in a 200). */
  readonly httpStatus: number;

  constructor(code: number, message: string, options: { helpUrl?: string; httpStatus?: number } = {}) {
    super(message);
    this.code = code;
    this.helpUrl = options.helpUrl;
    this.httpStatus = options.httpStatus ?? 200;
  }
}

export const missing = (name: string): SubsonicError => new SubsonicError(ErrorCode.missingParameter, `Required parameter is missing: ${name}`);
export const notFound = (what: string): SubsonicError => new SubsonicError(ErrorCode.notFound, `${what} not found`);

export type Format = 'xml' | 'json' | 'jsonp';

/** The payload of a successful answer: keys merged into `subsonic-response`. */
export type Payload = Record<string, XmlValue>;

export interface Envelope {
  status: 'ok' | 'failed';
  version: string;
  type: string;
  serverVersion: string;
  openSubsonic: true;
  [key: string]: XmlValue;
}

export function envelope(serverVersion: string, status: 'ok' | 'failed', payload: Payload = {}): Envelope {
  return { status, version: apiVersion, type: serverType, serverVersion, openSubsonic: true, ...payload };
}

export function errorPayload(err: SubsonicError): Payload {
  const error: Record<string, XmlValue> = { code: err.code, message: err.message };
  if (err.helpUrl) error.helpUrl = err.helpUrl;
  return { error };
}

const callbackName = /^[A-Za-z_$][\w$]{0,63}(\.[A-Za-z_$][\w$]{0,63}){0,4}$/;

export interface SendOptions {
  format: Format;
  /** JSONP callback (validated: a dotted JavaScript identifier). */
  callback?: string | undefined;
  httpStatus?: number;
}

/** The JSON encoding: every string without the characters no answer carries (text.ts), as in XML. */
const toJson = (body: Envelope): string => JSON.stringify({ 'subsonic-response': body }, cleanValue);

export function sendEnvelope(res: Response, body: Envelope, options: SendOptions): void {
  res.status(options.httpStatus ?? 200);
  res.setHeader('Cache-Control', 'no-store');
  if (options.format === 'json' || (options.format === 'jsonp' && !options.callback)) {
    res.type('application/json; charset=utf-8').send(toJson(body));
    return;
  }
  if (options.format === 'jsonp') {
    const cb = options.callback ?? '';
    if (!callbackName.test(cb)) {
      res.type('application/json; charset=utf-8').send(toJson(body));
      return;
    }
    res.type('application/javascript; charset=utf-8').send(`/**/${cb}(${toJson(body)});`);
    return;
  }
  const { status, version, type, serverVersion, openSubsonic, ...rest } = body;
  const root = { xmlns: 'http://subsonic.org/restapi', status, version, type, serverVersion, openSubsonic, ...rest };
  res.type('text/xml; charset=utf-8').send(`<?xml version="1.0" encoding="UTF-8"?>${toXml('subsonic-response', root)}`);
}
