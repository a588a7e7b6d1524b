import { useState } from 'react';
import { formatTime } from '../lib/format.ts';
import { playerActions, useDuration, usePosition } from '../stores/player.ts';
import './SeekBar.css';

/** Seek slider with elapsed / remaining times. */
export function SeekBar({ large = false }: { large?: boolean }) {
  const position = usePosition();
  const duration = useDuration();
  const [drag, setDrag] = useState<number | null>(null);
  const shown = drag ?? position;
  const pct = duration > 0 ? Math.min(100, (shown / duration) * 100) : 0;
  return (
    <div className={`seek${large ? ' large' : ''}`}>
      <span className="time" data-testid="elapsed">{formatTime(shown)}</span>
      <input
        type="range"
        className="range"
        min={0}
        max={Math.max(1, Math.round(duration))}
        step={1000}
        value={Math.round(shown)}
        style={{ ['--pct' as string]: `${pct}%` }}
        onChange={(e) => setDrag(Number(e.target.value))}
        onPointerUp={(e) => {
          playerActions.seek(Number(e.currentTarget.value));
          setDrag(null);
        }}
        onKeyUp={(e) => {
          if (drag !== null) {
            playerActions.seek(Number(e.currentTarget.value));
            setDrag(null);
          }
        }}
        aria-label="Seek"
        aria-valuetext={`${formatTime(shown)} of ${formatTime(duration)}`}
        data-testid="seek"
        disabled={duration <= 0}
      />
      {/* Idle (nothing loaded): the length is unknown, so no "-0:00". */}
      <span className="time" data-testid="remaining">{duration > 0 ? `-${formatTime(Math.max(0, duration - shown))}` : formatTime(0)}</span>
    </div>
  );
}
