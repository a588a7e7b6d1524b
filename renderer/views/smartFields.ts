// Smart-playlist rule fields as the editor shows them: labels, operators, value kinds, defaults.
// Pure data + helpers (DOM-free, unit-tested).
import type {
  SmartBoolField, SmartDateField, SmartDateOp, SmartNumberField, SmartNumberOp, SmartRule, SmartSort, SmartTextField, SmartTextOp,
} from '../../app/contract/index.ts';

export type FieldKind = 'text' | 'number' | 'date' | 'bool';
export type AnyField = SmartTextField | SmartNumberField | SmartDateField | SmartBoolField;

export interface FieldInfo {
  kind: FieldKind;
  label: string;
  /** Number fields shown in another unit than the API's (duration in minutes, bitrate in kbps). */
  unit?: { label: string; factor: number };
}

export const fields: Record<AnyField, FieldInfo> = {
  genre: { kind: 'text', label: 'Genre' },
  artist: { kind: 'text', label: 'Artist' },
  album: { kind: 'text', label: 'Album' },
  albumArtist: { kind: 'text', label: 'Album artist' },
  title: { kind: 'text', label: 'Title' },
  year: { kind: 'number', label: 'Year' },
  addedAt: { kind: 'date', label: 'Date added' },
  playCount: { kind: 'number', label: 'Play count' },
  skipCount: { kind: 'number', label: 'Skip count' },
  lastPlayed: { kind: 'date', label: 'Last played' },
  rating: { kind: 'number', label: 'Rating (0–5)' },
  favorite: { kind: 'bool', label: 'Loved' },
  durationMs: { kind: 'number', label: 'Duration', unit: { label: 'min', factor: 60_000 } },
  codec: { kind: 'text', label: 'Codec' },
  container: { kind: 'text', label: 'Format' },
  bitrate: { kind: 'number', label: 'Bitrate', unit: { label: 'kbps', factor: 1000 } },
  lossless: { kind: 'bool', label: 'Lossless' },
};

export const fieldOrder = Object.keys(fields) as AnyField[];

export const textOps: [SmartTextOp, string][] = [
  ['is', 'is'],
  ['isNot', 'is not'],
  ['contains', 'contains'],
  ['notContains', 'does not contain'],
  ['startsWith', 'starts with'],
];
export const numberOps: [SmartNumberOp, string][] = [
  ['eq', '='],
  ['ne', '≠'],
  ['gt', '>'],
  ['gte', '≥'],
  ['lt', '<'],
  ['lte', '≤'],
  ['between', 'between'],
];
export const dateOps: [SmartDateOp, string][] = [
  ['inLast', 'in the last'],
  ['notInLast', 'not in the last'],
  ['before', 'before'],
  ['after', 'after'],
  ['never', 'never'],
];

export const sortLabels: Record<SmartSort, string> = {
  title: 'Title',
  artist: 'Artist',
  album: 'Album',
  year: 'Year',
  addedAt: 'Date added',
  playCount: 'Play count',
  recentPlays: 'Recent plays',
  lastPlayed: 'Last played',
  rating: 'Rating',
  durationMs: 'Duration',
  random: 'Random',
};

export function kindOf(rule: SmartRule): FieldKind {
  return fields[rule.field].kind;
}

/** A sensible new rule for a field (used when the field select changes). */
export function defaultRule(field: AnyField): SmartRule {
  switch (fields[field].kind) {
    case 'text':
      return { field: field as SmartTextField, op: 'contains', value: '' };
    case 'number':
      return { field: field as SmartNumberField, op: field === 'rating' ? 'gte' : 'gt', value: field === 'rating' ? 4 : field === 'year' ? 2000 : 0 };
    case 'date':
      return { field: field as SmartDateField, op: 'inLast', days: 30 };
    case 'bool':
      return { field: field as SmartBoolField, value: true };
  }
}

/** Why the rule can't be sent yet (shown under it), or null when it is complete. */
export function ruleProblem(rule: SmartRule): string | null {
  switch (kindOf(rule)) {
    case 'text':
      return 'op' in rule && typeof rule.value === 'string' && rule.value.trim() === '' ? 'Enter a value' : null;
    case 'number': {
      const r = rule as Extract<SmartRule, { op: SmartNumberOp }>;
      if (!Number.isFinite(r.value)) return 'Enter a number';
      if (r.op === 'between' && (r.value2 === undefined || !Number.isFinite(r.value2))) return 'Enter both bounds';
      if (r.op === 'between' && r.value2 !== undefined && r.value2 < r.value) return 'The upper bound is below the lower';
      return null;
    }
    case 'date': {
      const r = rule as Extract<SmartRule, { op: SmartDateOp }>;
      if ((r.op === 'inLast' || r.op === 'notInLast') && !(r.days !== undefined && r.days > 0)) return 'Enter a number of days';
      if ((r.op === 'before' || r.op === 'after') && !(r.value !== undefined && Number.isFinite(r.value))) return 'Pick a date';
      return null;
    }
    case 'bool':
      return null;
  }
}

/** One line describing a rule ("Genre contains jazz", "Last played not in the last 90 days"). */
export function describeRule(rule: SmartRule): string {
  const f = fields[rule.field];
  switch (f.kind) {
    case 'text': {
      const r = rule as Extract<SmartRule, { op: SmartTextOp }>;
      return `${f.label} ${textOps.find(([o]) => o === r.op)?.[1] ?? r.op} “${r.value}”`;
    }
    case 'number': {
      const r = rule as Extract<SmartRule, { op: SmartNumberOp }>;
      const show = (v: number) => (f.unit ? `${+(v / f.unit.factor).toFixed(2)} ${f.unit.label}` : String(v));
      const op = numberOps.find(([o]) => o === r.op)?.[1] ?? r.op;
      const within = r.withinDays ? ` in the last ${r.withinDays} days` : '';
      return r.op === 'between' ? `${f.label} between ${show(r.value)} and ${show(r.value2 ?? r.value)}${within}` : `${f.label} ${op} ${show(r.value)}${within}`;
    }
    case 'date': {
      const r = rule as Extract<SmartRule, { op: SmartDateOp }>;
      if (r.op === 'never') return `${f.label}: never`;
      if (r.op === 'inLast' || r.op === 'notInLast') return `${f.label} ${r.op === 'inLast' ? 'in' : 'not in'} the last ${r.days ?? '?'} days`;
      return `${f.label} ${r.op} ${r.value ? new Date(r.value).toLocaleDateString() : '?'}`;
    }
    case 'bool': {
      const r = rule as Extract<SmartRule, { field: SmartBoolField }>;
      return r.value ? f.label : `Not ${f.label.toLowerCase()}`;
    }
  }
}
