import { useId } from 'react';
import { EQ_FREQUENCIES, EQ_PRESETS, EQ_RANGE_DB, headroomFor } from '../audio/eq.ts';
import type { LoudnessMode } from '../audio/gain.ts';
import { playbackActions, useCrossfade, useEq, useGainSettings } from '../stores/playback.ts';
import { SleepTimerSetting } from '../components/SleepTimer.tsx';
import './PlaybackSettings.css';

const modes: [LoudnessMode, string][] = [
  ['off', 'Off'],
  ['track', 'Track'],
  ['album', 'Album'],
  ['auto', 'Automatic (album gain while an album plays in order)'],
];

const db = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(Number.isInteger(v) ? 0 : 1)} dB`;
const hz = (f: number) => (f >= 1000 ? `${f / 1000} kHz` : `${f} Hz`);

/** One labelled slider with its value. */
function Slider(props: { label: string; value: number; min: number; max: number; step: number; text: string; onChange(v: number): void; testId: string; disabled?: boolean }) {
  const id = useId();
  return (
    <div className="pb-slider">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id} type="range" className="range" min={props.min} max={props.max} step={props.step} value={props.value}
        disabled={props.disabled} aria-valuetext={props.text} data-testid={props.testId}
        style={{ ['--pct' as string]: `${((props.value - props.min) / (props.max - props.min)) * 100}%` }}
        onChange={(e) => props.onChange(Number(e.target.value))}
      />
      <output htmlFor={id}>{props.text}</output>
    </div>
  );
}

function Equalizer() {
  const eq = useEq();
  return (
    <fieldset className="pb-group" data-testid="eq">
      <legend>Equalizer</legend>
      <label className="check-row">
        <input type="checkbox" checked={eq.enabled} onChange={(e) => playbackActions.setEq({ enabled: e.target.checked })} data-testid="eq-enabled" />
        10-band equalizer
      </label>
      <div className="pb-row">
        <label className="pb-field">
          Preset
          <select className="text-input" value={eq.preset} onChange={(e) => playbackActions.setEqPreset(e.target.value)} disabled={!eq.enabled} data-testid="eq-preset">
            {eq.preset === 'Custom' ? <option value="Custom">Custom</option> : null}
            {Object.keys(EQ_PRESETS).map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>
        <button className="btn" type="button" disabled={!eq.enabled} onClick={() => playbackActions.setEqPreamp(headroomFor(eq.gains))} title="Lower the pre-amp by the largest boost, so the curve cannot clip">
          Pre-amp for headroom
        </button>
      </div>
      <Slider label="Pre-amp" value={eq.preampDb} min={-EQ_RANGE_DB} max={EQ_RANGE_DB} step={0.5} text={db(eq.preampDb)} disabled={!eq.enabled} testId="eq-preamp" onChange={playbackActions.setEqPreamp} />
      <div className="pb-bands">
        {EQ_FREQUENCIES.map((f, i) => (
          <Slider key={f} label={hz(f)} value={eq.gains[i] ?? 0} min={-EQ_RANGE_DB} max={EQ_RANGE_DB} step={0.5} text={db(eq.gains[i] ?? 0)} disabled={!eq.enabled} testId={`eq-band-${f}`} onChange={(v) => playbackActions.setEqBand(i, v)} />
        ))}
      </div>
    </fieldset>
  );
}

/** Settings → Playback: loudness normalization, crossfade, equalizer, sleep timer (kept on this device). */
export function PlaybackSettings() {
  const gain = useGainSettings();
  const crossfade = useCrossfade();
  const off = gain.mode === 'off';
  return (
    <div className="card playback-settings" data-testid="playback-settings">
      <div className="card-head">
        <h2>Playback</h2>
      </div>
      <fieldset className="pb-group">
        <legend>Loudness normalization</legend>
        <label className="pb-field">
          Normalize with ReplayGain / R128 (measured loudness when a track has no tags)
          <select className="text-input" value={gain.mode} onChange={(e) => playbackActions.setGain({ mode: e.target.value as LoudnessMode })} data-testid="loudness-mode">
            {modes.map(([m, label]) => <option key={m} value={m}>{label}</option>)}
          </select>
        </label>
        <Slider label="Pre-amp" value={gain.preampDb} min={-12} max={12} step={0.5} text={db(gain.preampDb)} disabled={off} testId="loudness-preamp" onChange={(v) => playbackActions.setGain({ preampDb: v })} />
        <Slider label="Tracks without loudness data" value={gain.untaggedDb} min={-12} max={0} step={0.5} text={db(gain.untaggedDb)} disabled={off} testId="loudness-untagged" onChange={(v) => playbackActions.setGain({ untaggedDb: v })} />
        <label className="check-row">
          <input type="checkbox" checked={gain.preventClipping} disabled={off} onChange={(e) => playbackActions.setGain({ preventClipping: e.target.checked })} data-testid="loudness-clipping" />
          Prevent clipping (never raise a track above its peak)
        </label>
      </fieldset>
      <fieldset className="pb-group">
        <legend>Crossfade</legend>
        <Slider label="Crossfade" value={crossfade} min={0} max={12} step={1} text={crossfade === 0 ? 'Off' : `${crossfade} s`} testId="crossfade" onChange={playbackActions.setCrossfade} />
        <p className="muted pb-note">Never between consecutive tracks of an album played in order: those stay gapless.</p>
      </fieldset>
      <Equalizer />
      <SleepTimerSetting />
    </div>
  );
}
