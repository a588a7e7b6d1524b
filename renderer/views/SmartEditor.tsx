// The smart-playlist rule editor: name, all/any, rule rows (field · operator · value), sort, limit,
// and a live preview of the matching tracks.
import { useEffect, useState } from 'react';
import type {
  Page, SmartDateOp, SmartDefinition, SmartNumberOp, SmartPlaylist, SmartRule, SmartSort, SmartTextOp, SortOrder, Track,
} from '../../app/contract/index.ts';
import { smartSortKeys } from '../api/contract.ts';
import { ApiRequestError } from '../api/client.ts';
import { smartClient } from '../api/playlists.ts';
import { Dialog, Field } from '../components/Dialog.tsx';
import { Icon } from '../components/Icon.tsx';
import { formatTime, plural } from '../lib/format.ts';
import { toastActions } from '../stores/toasts.ts';
import { dateOps, defaultRule, fieldOrder, fields, numberOps, ruleProblem, sortLabels, textOps, type AnyField } from './smartFields.ts';
import './SmartEditor.css';

const PREVIEW = 50;

function toDateInput(ms: number | undefined): string {
  if (ms === undefined) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function RuleRow({ rule, onChange, onRemove, index }: { rule: SmartRule; onChange: (r: SmartRule) => void; onRemove: () => void; index: number }) {
  const info = fields[rule.field];
  const problem = ruleProblem(rule);
  const num = (v: string, unit = info.unit?.factor ?? 1) => (v === '' ? NaN : Number(v) * unit);
  const shown = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '' : String(+(v / (info.unit?.factor ?? 1)).toFixed(3)));
  let op: React.ReactNode = null;
  let value: React.ReactNode = null;
  if (info.kind === 'text') {
    const r = rule as Extract<SmartRule, { op: SmartTextOp }>;
    op = (
      <select className="text-input" value={r.op} onChange={(e) => onChange({ ...r, op: e.target.value as SmartTextOp })} aria-label="Operator" data-testid="rule-op">
        {textOps.map(([o, l]) => <option key={o} value={o}>{l}</option>)}
      </select>
    );
    value = <input className="text-input" value={r.value} onChange={(e) => onChange({ ...r, value: e.target.value })} aria-label="Value" data-testid="rule-value" placeholder="value" />;
  } else if (info.kind === 'number') {
    const r = rule as Extract<SmartRule, { op: SmartNumberOp }>;
    op = (
      <select
        className="text-input"
        value={r.op}
        onChange={(e) => {
          const o = e.target.value as SmartNumberOp;
          const { value2: _v2, ...rest } = r;
          onChange(o === 'between' ? { ...rest, op: o, value2: r.value2 ?? r.value } : { ...rest, op: o });
        }}
        aria-label="Operator"
        data-testid="rule-op"
      >
        {numberOps.map(([o, l]) => <option key={o} value={o}>{l}</option>)}
      </select>
    );
    value = (
      <span className="rule-values">
        <input className="text-input num" type="number" value={shown(r.value)} onChange={(e) => onChange({ ...r, value: num(e.target.value) })} aria-label="Value" data-testid="rule-value" />
        {r.op === 'between' ? (
          <>
            <span className="muted">and</span>
            <input className="text-input num" type="number" value={shown(r.value2)} onChange={(e) => onChange({ ...r, value2: num(e.target.value) })} aria-label="Upper bound" />
          </>
        ) : null}
        {info.unit ? <span className="muted">{info.unit.label}</span> : null}
        {r.field === 'playCount' ? (
          <label className="rule-within muted">
            in the last
            <input
              className="text-input num small"
              type="number"
              min={1}
              value={r.withinDays ?? ''}
              placeholder="∞"
              onChange={(e) => {
                const { withinDays: _w, ...rest } = r;
                onChange(e.target.value === '' ? rest : { ...rest, withinDays: Number(e.target.value) });
              }}
              aria-label="Within days"
            />
            days
          </label>
        ) : null}
      </span>
    );
  } else if (info.kind === 'date') {
    const r = rule as Extract<SmartRule, { op: SmartDateOp }>;
    op = (
      <select
        className="text-input"
        value={r.op}
        onChange={(e) => {
          const o = e.target.value as SmartDateOp;
          const base = { field: r.field, op: o };
          onChange(o === 'inLast' || o === 'notInLast' ? { ...base, days: r.days ?? 30 } : o === 'never' ? base : { ...base, value: r.value ?? Date.now() - 30 * 86_400_000 });
        }}
        aria-label="Operator"
        data-testid="rule-op"
      >
        {dateOps.filter(([o]) => o !== 'never' || r.field === 'lastPlayed').map(([o, l]) => <option key={o} value={o}>{l}</option>)}
      </select>
    );
    value =
      r.op === 'inLast' || r.op === 'notInLast' ? (
        <span className="rule-values">
          <input className="text-input num" type="number" min={1} value={r.days ?? ''} onChange={(e) => onChange({ ...r, days: e.target.value === '' ? 0 : Number(e.target.value) })} aria-label="Days" data-testid="rule-value" />
          <span className="muted">days</span>
        </span>
      ) : r.op === 'never' ? (
        <span />
      ) : (
        <input
          className="text-input"
          type="date"
          value={toDateInput(r.value)}
          onChange={(e) => {
            const t = e.target.valueAsDate;
            onChange({ ...r, value: t ? t.getTime() + t.getTimezoneOffset() * 60_000 : NaN });
          }}
          aria-label="Date"
          data-testid="rule-value"
        />
      );
  } else {
    const r = rule as Extract<SmartRule, { value: boolean }>;
    op = (
      <select className="text-input" value={r.value ? 'yes' : 'no'} onChange={(e) => onChange({ ...r, value: e.target.value === 'yes' })} aria-label="Operator" data-testid="rule-op">
        <option value="yes">is yes</option>
        <option value="no">is no</option>
      </select>
    );
    value = <span />;
  }
  return (
    <div className={`rule-row${problem ? ' invalid' : ''}`} data-testid="rule-row">
      <select className="text-input" value={rule.field} onChange={(e) => onChange(defaultRule(e.target.value as AnyField))} aria-label={`Rule ${index + 1} field`} data-testid="rule-field">
        {fieldOrder.map((f) => <option key={f} value={f}>{fields[f].label}</option>)}
      </select>
      {op}
      <div className="rule-value-cell">
        {value}
        {problem ? <span className="rule-problem">{problem}</span> : null}
      </div>
      <button type="button" className="icon-btn" onClick={onRemove} aria-label="Remove rule" title="Remove rule" data-testid="rule-remove">
        <Icon name="close" size={15} />
      </button>
    </div>
  );
}

const emptyDefinition: SmartDefinition = { match: 'all', rules: [defaultRule('genre')], sort: { by: 'addedAt', order: 'desc' } };

export function SmartEditor({ existing, onClose, onSaved }: { existing?: SmartPlaylist; onClose: () => void; onSaved: (p: SmartPlaylist) => void }) {
  const [name, setName] = useState(existing?.name ?? '');
  const [description, setDescription] = useState(existing?.description ?? '');
  const [def, setDef] = useState<SmartDefinition>(existing?.definition ?? emptyDefinition);
  const [preview, setPreview] = useState<Page<Track> | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const valid = def.rules.every((r) => ruleProblem(r) === null);

  // Live preview, debounced; the newest definition wins.
  useEffect(() => {
    if (!valid) return;
    const controller = new AbortController();
    const t = setTimeout(() => {
      smartClient.preview(def, { limit: PREVIEW }, controller.signal).then(
        (p) => {
          setPreview(p);
          setPreviewError(null);
        },
        (e: Error) => {
          if (e.name !== 'AbortError') setPreviewError(e.message);
        },
      );
    }, 250);
    return () => {
      clearTimeout(t);
      controller.abort();
    };
  }, [def, valid]);

  const setRule = (i: number, r: SmartRule) => setDef((d) => ({ ...d, rules: d.rules.map((x, k) => (k === i ? r : x)) }));
  const sort = def.sort ?? { by: 'addedAt' as SmartSort, order: 'desc' as SortOrder };

  const save = async () => {
    setSaving(true);
    try {
      let saved: SmartPlaylist;
      if (existing) {
        const body = { name: name.trim(), description: description.trim(), definition: def };
        try {
          saved = await smartClient.update(existing.id, { version: existing.version, ...body });
        } catch (err) {
          // Edited elsewhere meanwhile: this editor's content is the user's intent; apply it on top.
          const current = err instanceof ApiRequestError && err.status === 409 ? (err.body as { current?: SmartPlaylist } | undefined)?.current : undefined;
          if (!current) throw err;
          saved = await smartClient.update(existing.id, { version: current.version, ...body });
          toastActions.show('It was changed elsewhere; your version was saved over it.');
        }
      } else {
        saved = await smartClient.create({ name: name.trim(), description: description.trim(), definition: def });
      }
      onSaved(saved);
    } catch (err) {
      toastActions.error(`Couldn't save: ${(err as Error).message}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      title={existing ? `Edit “${existing.name}”` : 'New smart playlist'}
      onClose={onClose}
      onSubmit={() => void save()}
      submitLabel={existing ? 'Save' : 'Create'}
      submitDisabled={saving || !name.trim() || !valid}
      wide
      testId="smart-editor"
    >
      <div className="smart-top">
        <Field label="Name">
          <input className="text-input" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Late-night jazz" data-testid="smart-name" />
        </Field>
        <Field label="Description">
          <input className="text-input" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="Optional" />
        </Field>
      </div>
      <div className="smart-match">
        Match
        <select className="text-input" value={def.match} onChange={(e) => setDef({ ...def, match: e.target.value as 'all' | 'any' })} data-testid="smart-match">
          <option value="all">all</option>
          <option value="any">any</option>
        </select>
        of these rules{def.rules.length === 0 ? ' (no rules: every track)' : ''}
      </div>
      <div className="rules" data-testid="rules">
        {def.rules.map((r, i) => (
          <RuleRow key={i} index={i} rule={r} onChange={(x) => setRule(i, x)} onRemove={() => setDef({ ...def, rules: def.rules.filter((_, k) => k !== i) })} />
        ))}
        <button type="button" className="btn add-rule" onClick={() => setDef({ ...def, rules: [...def.rules, defaultRule('artist')] })} disabled={def.rules.length >= 50} data-testid="add-rule">
          <Icon name="plus" size={14} /> Add rule
        </button>
      </div>
      <div className="smart-sort">
        <label>
          Sort by
          <select className="text-input" value={sort.by} onChange={(e) => setDef({ ...def, sort: { ...sort, by: e.target.value as SmartSort } })} data-testid="smart-sort">
            {smartSortKeys.map((k) => <option key={k} value={k}>{sortLabels[k]}</option>)}
          </select>
        </label>
        {sort.by !== 'random' ? (
          <select className="text-input" value={sort.order} onChange={(e) => setDef({ ...def, sort: { ...sort, order: e.target.value as SortOrder } })} aria-label="Order">
            <option value="desc">descending</option>
            <option value="asc">ascending</option>
          </select>
        ) : null}
        {sort.by === 'recentPlays' ? (
          <label>
            over the last
            <input
              className="text-input num small"
              type="number"
              min={1}
              value={sort.recentDays ?? 30}
              onChange={(e) => setDef({ ...def, sort: { ...sort, recentDays: Math.max(1, Number(e.target.value) || 30) } })}
            />
            days
          </label>
        ) : null}
        <label className="smart-limit">
          <input
            type="checkbox"
            checked={def.limit !== undefined}
            onChange={(e) => {
              const { limit: _l, ...rest } = def;
              setDef(e.target.checked ? { ...rest, limit: 50 } : rest);
            }}
            data-testid="smart-limit-on"
          />
          Limit to
          <input
            className="text-input num small"
            type="number"
            min={1}
            max={10000}
            disabled={def.limit === undefined}
            value={def.limit ?? 50}
            onChange={(e) => setDef({ ...def, limit: Math.max(1, Math.min(10000, Number(e.target.value) || 1)) })}
            data-testid="smart-limit"
          />
          tracks
        </label>
      </div>
      <div className="smart-preview" data-testid="smart-preview">
        <div className="smart-preview-head">
          <span>Preview</span>
          <span className="muted" data-testid="smart-preview-count">
            {!valid ? 'finish the rules to see matches' : previewError ? previewError : preview ? `${plural(preview.total, 'track')} match` : '…'}
          </span>
        </div>
        {valid && preview ? (
          <div className="smart-preview-list">
            {preview.items.map((t) => (
              <div key={t.id} className="smart-preview-row" data-testid="smart-preview-row">
                <span className="ellipsis">{t.title}</span>
                <span className="ellipsis muted">{t.artist}</span>
                <span className="ellipsis muted">{t.album ?? ''}</span>
                <span className="muted">{formatTime(t.durationMs)}</span>
              </div>
            ))}
            {preview.total > preview.items.length ? <div className="muted smart-preview-more">…and {(preview.total - preview.items.length).toLocaleString()} more</div> : null}
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
