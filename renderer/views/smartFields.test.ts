import { describe, expect, it } from 'vitest';
import { defaultRule, describeRule, fieldOrder, fields, ruleProblem } from './smartFields.ts';

describe('smart-playlist rule fields', () => {
  it('covers every field the issue names', () => {
    for (const f of ['genre', 'artist', 'album', 'year', 'addedAt', 'playCount', 'lastPlayed', 'rating', 'favorite', 'durationMs', 'container']) {
      expect(fieldOrder).toContain(f);
    }
  });

  it('a new rule for any field is complete except text (which needs a value)', () => {
    for (const f of fieldOrder) {
      const rule = defaultRule(f);
      expect(rule.field).toBe(f);
      if (fields[f].kind === 'text') expect(ruleProblem(rule)).toBe('Enter a value');
      else expect(ruleProblem(rule)).toBeNull();
    }
  });

  it('flags incomplete rules', () => {
    expect(ruleProblem({ field: 'year', op: 'between', value: 2000 })).toBe('Enter both bounds');
    expect(ruleProblem({ field: 'year', op: 'between', value: 2000, value2: 1990 })).toMatch(/below/);
    expect(ruleProblem({ field: 'lastPlayed', op: 'inLast', days: 0 })).toMatch(/days/);
    expect(ruleProblem({ field: 'addedAt', op: 'after' })).toMatch(/date/);
    expect(ruleProblem({ field: 'lastPlayed', op: 'never' })).toBeNull();
  });

  it('describes rules in words, in display units', () => {
    expect(describeRule({ field: 'genre', op: 'contains', value: 'jazz' })).toBe('Genre contains “jazz”');
    expect(describeRule({ field: 'durationMs', op: 'gt', value: 300_000 })).toBe('Duration > 5 min');
    expect(describeRule({ field: 'lastPlayed', op: 'notInLast', days: 90 })).toBe('Last played not in the last 90 days');
    expect(describeRule({ field: 'favorite', value: true })).toBe('Loved');
    expect(describeRule({ field: 'playCount', op: 'gte', value: 5, withinDays: 30 })).toBe('Play count ≥ 5 in the last 30 days');
  });
});
