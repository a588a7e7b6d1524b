// Subsonic's XML encoding of a JSON-shaped answer, following the REST schema's conventions:
// scalars are attributes, objects are child elements, arrays repeat their element, arrays of
// scalars repeat an element holding text, and a `value` key is the element's text content
// (`<genre songCount="3" albumCount="1">Rock</genre>`, `<line start="0">…</line>`).

export type XmlScalar = string | number | boolean | null | undefined;
export type XmlValue = XmlScalar | XmlObject | XmlValue[];
export interface XmlObject {
  [key: string]: XmlValue;
}

// Characters XML 1.0 cannot carry at all: control characters, lone surrogates, U+FFFE/U+FFFF.
const invalid = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const clean = (text: string): string => text.replace(invalid, '');

export function escapeText(text: string): string {
  return clean(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(text: string): string {
  return clean(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

const scalarText = (v: string | number | boolean): string => (typeof v === 'string' ? v : String(v));
const isScalar = (v: XmlValue): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** `<name …attributes>children</name>` for one value. */
export function toXml(name: string, value: XmlValue): string {
  const out: string[] = [];
  write(out, name, value);
  return out.join('');
}

function write(out: string[], name: string, value: XmlValue): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) write(out, name, item);
    return;
  }
  if (isScalar(value)) {
    out.push(`<${name}>${escapeText(scalarText(value))}</${name}>`);
    return;
  }
  out.push(`<${name}`);
  const children: Array<[string, XmlValue]> = [];
  let text: string | null = null;
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (key === 'value' && isScalar(v)) text = scalarText(v);
    else if (isScalar(v)) out.push(` ${key}="${escapeAttribute(scalarText(v))}"`);
    else children.push([key, v]);
  }
  if (children.length === 0 && text === null) {
    out.push('/>');
    return;
  }
  out.push('>');
  if (text !== null) out.push(escapeText(text));
  for (const [key, v] of children) write(out, key, v);
  out.push(`</${name}>`);
}
