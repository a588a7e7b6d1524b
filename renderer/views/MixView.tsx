import { recommendClient } from '../api/playlists.ts';
import { CoverMosaic } from '../components/CoverMosaic.tsx';
import { AddToPlaylistButton } from '../components/AddToPlaylistButton.tsx';
import { Icon } from '../components/Icon.tsx';
import { RowsTable } from '../components/trackTable/TrackTable.tsx';
import { formatLongDuration, formatTime, plural } from '../lib/format.ts';
import { href } from '../lib/router.ts';
import { useAsync } from '../lib/useAsync.ts';
import { timeAgo } from '../lib/when.ts';
import { playMix, reasonRows } from './ForYouView.tsx';
import './DetailHeader.css';

/** One daily mix: its tracks, each with the reason it was picked. */
export function MixView({ id }: { id: number }) {
  const { data, error } = useAsync(() => recommendClient.mixes(), []);
  if (error) return <div className="view placeholder">{error}</div>;
  if (!data) return <div className="view" />;
  const mix = data.mixes.find((m) => m.id === id);
  if (!mix) return <div className="view placeholder">This mix is gone — mixes are recomputed from your listening. <a href={href('home')}>Back to For you</a></div>;
  const duration = mix.tracks.reduce((s, r) => s + r.track.durationMs, 0);
  return (
    <div className="view" data-testid="view-mix">
      <header className="detail-header">
        <CoverMosaic coverIds={mix.coverIds} alt={mix.title} className="detail-cover" />
        <div className="detail-meta">
          <div className="detail-kind">Daily mix</div>
          <h1 className="detail-title">{mix.title}</h1>
          <div className="pl-description">{mix.description}</div>
          <div className="detail-sub">
            {plural(mix.tracks.length, 'track')} · {duration < 60_000 ? formatTime(duration) : formatLongDuration(duration)}
            {data.status.computedAt ? ` · made ${timeAgo(data.status.computedAt)}` : ''}
          </div>
          <div className="detail-actions">
            <button className="btn primary" onClick={() => playMix(mix)} data-testid="play-mix">
              <Icon name="play" size={14} /> Play
            </button>
            <button className="btn" onClick={() => playMix(mix, 0, true)}>
              <Icon name="shuffle" size={14} /> Shuffle
            </button>
            <AddToPlaylistButton target={() => ({ trackIds: mix.tracks.map((t) => t.track.id), label: mix.title })} label="Save as playlist…" />
          </div>
        </div>
      </header>
      <RowsTable label={mix.title} extraLabel="Why" rows={reasonRows(mix.tracks)} onPlay={(i) => playMix(mix, i)} testId="mix-tracks" />
    </div>
  );
}
