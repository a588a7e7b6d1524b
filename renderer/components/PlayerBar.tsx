import { href } from '../lib/router.ts';
import { useTrack } from '../stores/library.ts';
import { playerActions, useIsLoading, useIsPlaying, useVolume } from '../stores/player.ts';
import { useCurrentId, useRepeat, useShuffle } from '../stores/queue.ts';
import { dbToVolume, formatVolume, VOLUME_SILENT, volumeToDb } from '../audio/volume.ts';
import { ArtistLinks } from './ArtistLinks.tsx';
import { Cover } from './Cover.tsx';
import { Icon } from './Icon.tsx';
import { Heart } from './Prefs.tsx';
import { SeekBar } from './SeekBar.tsx';
import { SleepIndicator } from './SleepTimer.tsx';
import './PlayerBar.css';

export function Transport({ size = 'normal' }: { size?: 'normal' | 'large' }) {
  const playing = useIsPlaying();
  const loading = useIsLoading();
  const shuffle = useShuffle();
  const repeat = useRepeat();
  const big = size === 'large';
  return (
    <div className={`transport${big ? ' large' : ''}`}>
      <button
        className={`icon-btn${shuffle ? ' active' : ''}`}
        onClick={playerActions.toggleShuffle}
        aria-label="Shuffle"
        aria-pressed={shuffle}
        data-testid="shuffle"
        title="Shuffle"
      >
        <Icon name="shuffle" size={big ? 20 : 16} />
      </button>
      <button className="icon-btn" onClick={playerActions.previous} aria-label="Previous" data-testid="prev" title="Previous (Ctrl+←)">
        <Icon name="prev" size={big ? 26 : 20} />
      </button>
      <button
        className={`play-btn${loading && playing ? ' loading' : ''}`}
        onClick={playerActions.togglePlay}
        aria-label={playing ? 'Pause' : 'Play'}
        data-testid="play-pause"
        data-state={playing ? 'playing' : 'paused'}
        title="Play/Pause (Space)"
      >
        <Icon name={playing ? 'pause' : 'play'} size={big ? 28 : 20} />
      </button>
      <button className="icon-btn" onClick={() => playerActions.next()} aria-label="Next" data-testid="next" title="Next (Ctrl+→)">
        <Icon name="next" size={big ? 26 : 20} />
      </button>
      <button
        className={`icon-btn repeat${repeat !== 'off' ? ' active' : ''}`}
        onClick={playerActions.cycleRepeat}
        aria-label={`Repeat: ${repeat}`}
        data-testid="repeat"
        data-mode={repeat}
        title={`Repeat: ${repeat}`}
      >
        <Icon name="repeat" size={big ? 20 : 16} />
        {repeat === 'one' ? <span className="repeat-one">1</span> : null}
      </button>
    </div>
  );
}

/** Volume in 1 dB steps (0 to −60 dB, then silent); the slider says its level in dB. */
export function VolumeControl() {
  const { volume, muted } = useVolume();
  const step = muted ? VOLUME_SILENT : volumeToDb(volume);
  const pct = ((step - VOLUME_SILENT) / -VOLUME_SILENT) * 100;
  return (
    <div className="volume">
      <button className="icon-btn" onClick={playerActions.toggleMute} aria-label={muted ? 'Unmute' : 'Mute'} data-testid="mute" title="Mute (M)">
        <Icon name={muted || volume === 0 ? 'mute' : 'volume'} />
      </button>
      <input
        type="range"
        className="range"
        min={VOLUME_SILENT}
        max={0}
        step={1}
        value={step}
        style={{ ['--pct' as string]: `${pct}%` }}
        onChange={(e) => playerActions.setVolume(dbToVolume(Number(e.target.value)))}
        aria-label="Volume"
        aria-valuetext={formatVolume(step)}
        title={`Volume ${formatVolume(step)}`}
        data-testid="volume"
      />
    </div>
  );
}

export function PlayerBar() {
  const id = useCurrentId();
  const track = useTrack(id);
  return (
    <footer className="playerbar" data-testid="player-bar">
      <div className="pb-track">
        {id !== undefined ? (
          <>
            <a href={href('now-playing')} aria-label="Now playing">
              <Cover coverId={track?.coverId} alt={track?.album ?? track?.title ?? ''} size="thumb" className="pb-cover" />
            </a>
            <div className="pb-meta">
              <a href={href('now-playing')} className="pb-title ellipsis" data-testid="current-title">
                {track?.title ?? '…'}
              </a>
              <div className="pb-artist ellipsis">
                {track ? <ArtistLinks track={track} /> : null}
              </div>
            </div>
            <Heart kind="track" id={id} className="pb-heart" label="this track" />
          </>
        ) : (
          <div className="pb-idle muted">Nothing playing</div>
        )}
      </div>
      <div className="pb-center">
        <Transport />
        <SeekBar />
      </div>
      <div className="pb-right">
        <SleepIndicator />
        <a className="icon-btn" href={href('queue')} aria-label="Queue" title="Queue">
          <Icon name="queue" />
        </a>
        <VolumeControl />
      </div>
    </footer>
  );
}
