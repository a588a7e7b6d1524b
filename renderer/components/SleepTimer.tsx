import { useEffect, useState } from 'react';
import { playbackActions, useSleep, type Sleep } from '../stores/playback.ts';
import { Icon } from './Icon.tsx';
import './SleepTimer.css';

const choices: [string, string][] = [
  ['off', 'Off'],
  ['15', 'In 15 minutes'],
  ['30', 'In 30 minutes'],
  ['45', 'In 45 minutes'],
  ['60', 'In 1 hour'],
  ['90', 'In 1½ hours'],
  ['track', 'At the end of this track'],
  ['album', 'At the end of this album'],
];

/** Re-renders every second while a timed sleep runs; returns ms left (null: not timed). */
function useLeft(sleep: Sleep): number | null {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (sleep.endsAt === null) return;
    const t = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [sleep.endsAt]);
  return sleep.endsAt === null ? null : Math.max(0, sleep.endsAt - Date.now());
}

function describe(sleep: Sleep, left: number | null): string {
  if (sleep.mode === 'track') return 'Stops at the end of this track';
  if (sleep.mode === 'album') return 'Stops at the end of this album';
  if (left === null) return 'Off';
  const s = Math.ceil(left / 1000);
  return `Stops in ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')} (fading out)`;
}

/** Settings → Playback → Sleep timer. */
export function SleepTimerSetting() {
  const sleep = useSleep();
  const left = useLeft(sleep);
  const value = sleep.mode === 'minutes' ? '' : sleep.mode;
  return (
    <fieldset className="pb-group">
      <legend>Sleep timer</legend>
      <label className="pb-field">
        Stop playing
        <select
          className="text-input"
          value={value}
          data-testid="sleep-timer"
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'off' || v === 'track' || v === 'album') playbackActions.setSleep(v);
            else if (v) playbackActions.setSleep('minutes', Number(v));
          }}
        >
          {sleep.mode === 'minutes' ? <option value="">{describe(sleep, left)}</option> : null}
          {choices.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
        </select>
      </label>
      {sleep.mode !== 'off' ? <p className="muted pb-note" role="status" data-testid="sleep-status">{describe(sleep, left)}</p> : null}
    </fieldset>
  );
}

/** The player bar's sleep-timer indicator: what is set, and a click cancels it. */
export function SleepIndicator() {
  const sleep = useSleep();
  const left = useLeft(sleep);
  if (sleep.mode === 'off') return null;
  const text = describe(sleep, left);
  const short = left === null ? (sleep.mode === 'track' ? 'track' : 'album') : `${Math.ceil(left / 60_000)} min`;
  return (
    <button className="icon-btn sleep-indicator" onClick={() => playbackActions.setSleep('off')} aria-label={`Sleep timer: ${text}. Cancel`} title={`${text} — click to cancel`} data-testid="sleep-indicator">
      <Icon name="clock" size={16} />
      <span>{short}</span>
    </button>
  );
}
