import { useEffect } from 'react';
import { loudnessActions, useLoudnessStatus } from '../stores/loudness.ts';
import './SyncSettings.css';

/**
 * Settings → Loudness: tracks without ReplayGain/R128 tags are measured (EBU R128) in the background
 * so normalization can even them out; progress, start, cancel and the "automatically" switch.
 */
export function LoudnessSettings() {
  const s = useLoudnessStatus();
  useEffect(() => {
    void loudnessActions.load();
    return loudnessActions.watch();
  }, []);
  const running = s?.running === true;
  const run = s?.run;
  const left = s ? Math.max(0, s.wanted - s.measured - s.failed) : 0;
  // While running: this run's progress; else how much of the library is measured (what the bar and its value say alike).
  const pct = running
    ? (run && run.total > 0 ? Math.min(100, (run.done / run.total) * 100) : 0)
    : s && s.wanted > 0 ? Math.min(100, ((s.measured + s.failed) / s.wanted) * 100) : 0;
  return (
    <div className="card" data-testid="loudness-settings">
      <div className="card-head">
        <h2>Loudness</h2>
        {running ? (
          <button className="btn" onClick={() => void loudnessActions.cancel()} data-testid="loudness-cancel">Cancel</button>
        ) : (
          <button className="btn primary" onClick={() => void loudnessActions.start()} disabled={!s || left === 0} data-testid="loudness-start">
            Measure now
          </button>
        )}
      </div>
      <label className="check-row">
        <input
          type="checkbox"
          checked={s?.auto ?? true}
          disabled={!s}
          onChange={(e) => void loudnessActions.setAuto(e.target.checked)}
          data-testid="loudness-auto"
        />
        Measure new tracks automatically after each scan
      </label>
      <div
        className={`progress${running ? ' running' : ''}`} role="progressbar" aria-label={running ? 'Measuring loudness' : 'Tracks measured'}
        aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)} data-testid="loudness-progress"
      >
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <div className="scan-line muted" data-testid="loudness-status">
        {!s ? 'Loading…' : running && run ? (
          <>Measuring {run.done.toLocaleString()} / {run.total.toLocaleString()} tracks · {run.realtime}× realtime{run.failed ? ` · ${run.failed} failed` : ''}</>
        ) : s.wanted === 0 ? (
          'Every track has ReplayGain or R128 tags: nothing to measure.'
        ) : (
          <>
            {s.measured.toLocaleString()} of {s.wanted.toLocaleString()} untagged tracks measured
            {s.failed ? ` · ${s.failed} could not be read` : ''}
            {left > 0 ? ` · ${left.toLocaleString()} left${s.cancelled ? ' (cancelled)' : ''}` : ''}
          </>
        )}
      </div>
      {s?.error ? <div className="sync-error" data-testid="loudness-error">{s.error}</div> : null}
    </div>
  );
}
