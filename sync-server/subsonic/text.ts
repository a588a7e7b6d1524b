// The characters no Subsonic answer carries, in XML or JSON: control characters other than tab, LF
// and CR, lone surrogates, U+FFFE and U+FFFF. XML 1.0 cannot carry them at all (a document with one
// is rejected whole); in JSON they are legal escapes, but clients choke on them all the same (a
// U+0000 in a title ends a C string, a lone surrogate fails a strict UTF-8 decoder). Tag text from
// a library holds them now and then; one rule removes them from every string of both encodings.

const unsafe = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// The same without the surrogate pairing: a quick test that skips the replace for most strings.
const suspect = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;

/** `text` without the characters no answer carries (see above); the same string when it has none. */
export function stripUnsafe(text: string): string {
  return suspect.test(text) ? text.replace(unsafe, '') : text;
}

/** A string value stripped (stripUnsafe); any other value as it is. */
export const cleanValue = (_key: string, value: unknown): unknown => (typeof value === 'string' ? stripUnsafe(value) : value);
