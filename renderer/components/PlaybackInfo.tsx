import { href } from '../lib/router.ts';
import { useCrossfade, useEq } from '../stores/playback.ts';
import { useLoudness } from '../stores/player.ts';
import { SleepIndicator } from './SleepTimer.tsx';

const sign = (db: number) => `${db > 0 ? '+' : db < 0 ? '−' : ''}${Math.abs(db).toFixed(1)} dB`;

/** Now Playing's line about the sound: the loudness gain applied, crossfade, EQ, sleep timer. */
export function PlaybackInfo() {
  const loudness = useLoudness();
  const crossfade = useCrossfade();
  const eq = useEq();
  if (!loudness) return null;
  const gain =
    loudness.used === 'off' ? 'Normalization off'
    : loudness.used === 'none' ? `No loudness data (${sign(loudness.db)})`
    : `${loudness.used === 'album' ? 'Album' : 'Track'} gain ${sign(loudness.db)}`;
  const bits = [gain, crossfade > 0 ? `Crossfade ${crossfade} s` : null, eq.enabled ? `EQ ${eq.preset}` : null].filter(Boolean);
  return (
    <div className="np-tech np-playback" data-testid="np-playback">
      <a href={href('settings')} title="Playback settings">{bits.join(' · ')}</a>
      <SleepIndicator />
    </div>
  );
}
