import { coverUrl } from '../api/client.ts';
import { artistNames } from '../lib/artists.ts';
import { ArtistLinks } from '../components/ArtistLinks.tsx';
import { Cover } from '../components/Cover.tsx';
import { Heart, Stars } from '../components/Prefs.tsx';
import { Transport, VolumeControl } from '../components/PlayerBar.tsx';
import { SeekBar } from '../components/SeekBar.tsx';
import { LyricsPanel } from '../components/LyricsPanel.tsx';
import { PlaybackInfo } from '../components/PlaybackInfo.tsx';
import { href } from '../lib/router.ts';
import { useTrack } from '../stores/library.ts';
import { useCurrentId, useQueueIds, useQueueIndex } from '../stores/queue.ts';
import './NowPlayingView.css';

function TechInfo({ id }: { id: number }) {
  const t = useTrack(id);
  if (!t) return null;
  const bits = [
    t.codec ?? t.container,
    t.lossless ? 'Lossless' : null,
    t.bitrate ? `${Math.round(t.bitrate / 1000)} kbps` : null,
    t.sampleRate ? `${(t.sampleRate / 1000).toFixed(1).replace(/\.0$/, '')} kHz` : null,
    t.bitDepth ? `${t.bitDepth}-bit` : null,
  ].filter(Boolean);
  return <div className="np-tech">{bits.join(' · ')}</div>;
}

function UpNext() {
  const ids = useQueueIds();
  const index = useQueueIndex();
  const nextId = ids[index + 1];
  const next = useTrack(nextId);
  if (nextId === undefined) return null;
  return (
    <a href={href('queue')} className="np-next">
      <span className="muted">Up next</span>
      <span className="ellipsis">{next ? `${next.title} — ${artistNames(next)}` : '…'}</span>
    </a>
  );
}

export function NowPlayingView() {
  const id = useCurrentId();
  const track = useTrack(id);
  if (id === undefined) {
    return (
      <div className="view" data-testid="view-now-playing">
        <div className="placeholder">Nothing is playing. Pick an album and press play.</div>
      </div>
    );
  }
  return (
    <div className="now-playing" data-testid="view-now-playing">
      {track?.coverId != null ? (
        <div className="np-backdrop" style={{ backgroundImage: `url("${coverUrl(track.coverId, 'thumb')}")` }} aria-hidden />
      ) : null}
      <div className="np-inner">
        <Cover coverId={track?.coverId} alt={track?.album ?? track?.title ?? ''} seed={track?.album ?? ''} size="full" className="np-cover" />
        <div className="np-meta">
          <h1 className="np-title" data-testid="np-title">{track?.title ?? '…'}</h1>
          <div className="np-artist">
            {track ? <ArtistLinks track={track} /> : null}
          </div>
          {track?.album ? (
            <div className="np-album">
              {track.albumId !== null ? <a href={href('album', track.albumId)}>{track.album}</a> : track.album}
              {track.year ? ` · ${track.year}` : ''}
            </div>
          ) : null}
          <TechInfo id={id} />
          <PlaybackInfo />
          <div className="np-prefs">
            <Heart kind="track" id={id} size={22} label="this track" />
            <Stars kind="track" id={id} size={18} />
            <a className="btn np-similar" href={href('similar')} data-testid="np-similar">
              Similar tracks
            </a>
          </div>
          {window.tonearm ? (
            <button className="btn np-reveal" type="button" data-testid="reveal-in-folder" onClick={() => void window.tonearm?.revealInFolder(id)}>
              Show in folder
            </button>
          ) : null}
        </div>
        <div className="np-controls">
          <SeekBar large />
          <Transport size="large" />
          <div className="np-bottom">
            <VolumeControl />
            <UpNext />
          </div>
        </div>
      </div>
      <div className="np-lyrics">
        <LyricsPanel id={id} />
      </div>
    </div>
  );
}
