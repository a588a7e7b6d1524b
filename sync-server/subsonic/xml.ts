// Subsonic's XML encoding of a JSON-shaped answer, following the REST schema's conventions:
// scalars are attributes, objects are child elements, arrays repeat their element, arrays of
// scalars repeat an element holding text, and a `value` key is the element's text content
// (`<genre songCount="3" albumCount="1">Rock</genre>`, `<line start="0">…</line>`).
//
// fast-xml-builder (fast-xml-parser's builder, split out into its own package) writes it: with an
// empty attribute prefix every scalar key is an attribute and `value` is the text node. Configured
// here, because the builder would do otherwise: booleans are written out (`openSubsonic="true"`,
// not a bare `openSubsonic`); its entity table also turns tab, LF and CR into character references
// (an attribute would read them back as spaces); and characters XML 1.0 cannot carry are removed
// first (text.ts, the rule the JSON answers follow too; the builder passes them through, making a
// document parsers reject). The builder itself always escapes both quotes in attributes (`"` →
// `&quot;`, `'` → `&apos;`).
import XMLBuilder, { type XmlBuilderOptions } from 'fast-xml-builder';
import { cleanValue } from './text.ts';

export type XmlScalar = string | number | boolean | null | undefined;
/** A text node: `value`, or an item of an array of scalars. */
export type XmlText = string | number | boolean;
export type XmlValue = XmlScalar | XmlObject | Array<XmlText | XmlObject>;
export interface XmlObject {
  /** The element's text (never null: the builder would write a null `value` as a `<value/>` element). */
  value?: XmlText | undefined;
  [key: string]: XmlValue;
}

const references: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

// Two options the typings lack: `entities`, the builder's table of replacements in text and
// attribute values (its default: & < > ' ", one regex each; here one pass instead of five or
// more), and `jPath` (false: callbacks get no path string, which we never read, built per element).
type Options = XmlBuilderOptions & { entities: Array<{ regex: RegExp; val: (c: string) => string }>; jPath: boolean };
const options: Options = {
  attributeNamePrefix: '',
  ignoreAttributes: false,
  textNodeName: 'value',
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
  processEntities: true,
  entities: [{ regex: /[&<>\t\n\r]/g, val: (c) => references[c] ?? c }],
  tagValueProcessor: cleanValue,
  attributeValueProcessor: cleanValue,
  jPath: false,
};
const builder = new XMLBuilder(options);

/** `<name …attributes>children</name>` for one object (an array: one element per item). */
export function toXml(name: string, value: XmlObject | XmlObject[]): string {
  return builder.build({ [name]: value });
}
