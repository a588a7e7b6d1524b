import { useRef, useState } from 'react';
import { useElementWidth } from '../lib/useElementWidth.ts';
import './BarChart.css';

export interface Bar {
  label: string;
  value: number;
  /** Tooltip / accessible text for the bar. */
  title?: string;
}

/** "Nice" axis maximum: 1, 2, 2.5, 5 × 10^n at or above `v`. */
export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** A small responsive SVG bar chart (no chart library): gridlines, y ticks, x labels, hover tooltips. */
export function BarChart({ bars, height = 180, format = (v) => String(v), testId = 'bar-chart', labelEvery, unit = 1 }: {
  bars: Bar[];
  height?: number;
  format?: (v: number) => string;
  testId?: string;
  /** Values per display unit (e.g. 60000 for minutes): the axis maximum is a round number of units. */
  unit?: number;
  /** Show every n-th x label (auto when omitted). */
  labelEvery?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref) || 600;
  const [hover, setHover] = useState<number | null>(null);
  const left = 48;
  const bottom = 22;
  const top = 8;
  const plotW = Math.max(10, width - left - 4);
  const plotH = height - bottom - top;
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)) / unit) * unit;
  const slot = bars.length ? plotW / bars.length : plotW;
  const barW = Math.max(2, Math.min(36, slot * 0.68));
  const every = labelEvery ?? Math.max(1, Math.ceil(bars.length / Math.max(1, Math.floor(plotW / 48))));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const shown = hover === null ? null : bars[hover];
  return (
    <div ref={ref} className="bar-chart" data-testid={testId}>
      <svg width={width} height={height} role="img" aria-label={bars.map((b) => `${b.label}: ${format(b.value)}`).join(', ')}>
        {ticks.map((t) => {
          const y = top + plotH - (t / max) * plotH;
          return (
            <g key={t}>
              <line x1={left} x2={width} y1={y} y2={y} className="bc-grid" />
              <text x={left - 8} y={y + 4} className="bc-tick" textAnchor="end">
                {format(t)}
              </text>
            </g>
          );
        })}
        {bars.map((b, i) => {
          const h = (b.value / max) * plotH;
          const x = left + i * slot + (slot - barW) / 2;
          return (
            <g key={`${b.label}-${i}`} onMouseEnter={() => setHover(i)} onMouseLeave={() => setHover(null)}>
              <rect x={left + i * slot} y={top} width={slot} height={plotH} fill="transparent" />
              <rect
                x={x}
                y={top + plotH - h}
                width={barW}
                height={Math.max(h, b.value > 0 ? 2 : 0)}
                rx={Math.min(4, barW / 3)}
                className={`bc-bar${hover === i ? ' hover' : ''}`}
                data-testid="bar"
              >
                <title>{b.title ?? `${b.label}: ${format(b.value)}`}</title>
              </rect>
              {i % every === 0 ? (
                <text x={left + i * slot + slot / 2} y={height - 6} className="bc-label" textAnchor="middle">
                  {b.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      {shown ? <div className="bc-readout">{shown.title ?? `${shown.label}: ${format(shown.value)}`}</div> : null}
    </div>
  );
}

/** Horizontal bars with a label and value (top artists, albums, genres). */
export function RankBars({ rows, format = (v) => String(v), testId }: {
  rows: { key: string | number; label: string; sub?: string; value: number; href?: string }[];
  format?: (v: number) => string;
  testId?: string;
}) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <ol className="rank-bars" data-testid={testId}>
      {rows.map((r, i) => (
        <li key={r.key} className="rank-row">
          <span className="rank-n muted">{i + 1}</span>
          <span className="rank-text">
            <span className="ellipsis rank-label">{r.href ? <a href={r.href}>{r.label}</a> : r.label}</span>
            {r.sub ? <span className="ellipsis muted rank-sub">{r.sub}</span> : null}
            <span className="rank-track">
              <span className="rank-fill" style={{ width: `${(r.value / max) * 100}%` }} />
            </span>
          </span>
          <span className="rank-value muted">{format(r.value)}</span>
        </li>
      ))}
    </ol>
  );
}
