// "For you": daily mixes (each pick explained), recently played, most played this week, recently
// added, and tracks similar to what is playing now. All computed locally by the library.
import { useEffect } from 'react';
import type { DailyMix, RecommendedTrack, Track } from '../../app/contract/index.ts';
import { historyClient, recommendClient } from '../api/playlists.ts';
import { onPlaysReported, setPlayContext } from '../audio/playReporter.ts';
import { CoverMosaic } from '../components/CoverMosaic.tsx';
import { Icon } from '../components/Icon.tsx';
import { Results } from '../components/Results.tsx';
import { RowsTable, type TableRow } from '../components/trackTable/TrackTable.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { plural } from '../lib/format.ts';
import { href } from '../lib/router.ts';
import { useAsync } from '../lib/useAsync.ts';
import { timeAgo } from '../lib/when.ts';
import { useTrack } from '../stores/library.ts';
import { playerActions } from '../stores/player.ts';
import { useCurrentId } from '../stores/queue.ts';
import './ForYouView.css';

export function playMix(mix: DailyMix, start = 0, shuffle = false): void {
  const tracks = mix.tracks.map((r) => r.track);
  setPlayContext('recommendation', `mix-${mix.id}`, tracks.map((t) => t.id));
  if (shuffle) playerActions.shufflePlay(tracks);
  else playerActions.playTracks(tracks, start);
}

export function reasonRows(picks: RecommendedTrack[]): TableRow[] {
  return picks.map((r) => ({
    key: r.track.id,
    track: r.track,
    extra: <span className="reason" title={r.reason.text} data-testid="pick-reason">{r.reason.text}</span>,
  }));
}

/** Re-fetches when plays reach the server (so new listening shows up without a reload). */
export function useOnPlaysReported(reload: () => void): void {
  useEffect(() => onPlaysReported(reload), [reload]);
}

function MixCard({ mix }: { mix: DailyMix }) {
  return (
    <div className="mix-card" data-testid="mix-card">
      <div className="pl-card-art-wrap">
        <a href={href('mix', mix.id)} className="mix-art" aria-label={mix.title}>
          <CoverMosaic coverIds={mix.coverIds} alt={mix.title} />
          <span className="mix-badge">{mix.title}</span>
        </a>
        <button className="album-play mix-play" onClick={() => playMix(mix)} aria-label={`Play ${mix.title}`}>
          <Icon name="play" size={20} />
        </button>
      </div>
      <div className="mix-desc muted">{mix.description}</div>
    </div>
  );
}

function Section({ title, link, children, testId }: { title: string; link?: string; children: React.ReactNode; testId?: string }) {
  return (
    <section className="fy-section" data-testid={testId}>
      <div className="fy-section-head">
        <h2 className="section-title">{title}</h2>
        {link ? <a href={link} className="fy-more">See all</a> : null}
      </div>
      {children}
    </section>
  );
}

/**
 * Tracks similar to the one playing. When the track changes, the previous track's picks stay up
 * dimmed and inert until the new ones arrive (never playable under the new title); a failure says so.
 */
function SimilarNow() {
  const id = useCurrentId();
  const track = useTrack(id);
  const similar = useAsync(() => (id === undefined ? Promise.resolve(null) : recommendClient.similar(id, 6)), [id]);
  if (id === undefined || !track) return null;
  const title = `Similar to “${track.title}”`;
  if (similar.error) {
    return (
      <Section title={title} link={href('similar', id)} testId="fy-similar">
        <div className="fy-empty" role="alert">Similar tracks could not be loaded: {similar.error}</div>
      </Section>
    );
  }
  const stale = similar.data === undefined;
  const picks = (similar.data ?? similar.stale)?.tracks ?? [];
  if (!picks.length) return null;
  return (
    <Section title={title} link={href('similar', id)} testId="fy-similar">
      <Results stale={stale} testId="fy-similar-results">
        <RowsTable label="Similar tracks" extraLabel="Why" rows={reasonRows(picks)} onPlay={(i) => {
          const tracks = picks.map((p) => p.track);
          setPlayContext('recommendation', `similar-${id}`, tracks.map((t) => t.id));
          playerActions.playTracks(tracks, i);
        }} />
      </Results>
    </Section>
  );
}

export function ForYouView() {
  const mixes = useAsync(() => recommendClient.mixes(), []);
  const recent = useAsync(() => historyClient.recent({ limit: 6 }), []);
  const week = useAsync(() => historyClient.mostPlayed({ range: 'week', limit: 6 }), []);
  const added = useAsync(() => historyClient.recentlyAdded({ limit: 6 }), []);
  const reloadAll = recent.reload;
  useOnPlaysReported(reloadAll);
  useOnPlaysReported(week.reload);
  const hour = new Date().getHours();
  const greeting = hour < 5 ? 'Late night listening' : hour < 12 ? 'Good morning' : hour < 18 ? 'Good afternoon' : 'Good evening';
  const playRows = (tracks: Track[], i: number) => playerActions.playTracks(tracks, i);
  const status = mixes.data?.status;
  return (
    <div className="view for-you" data-testid="view-for-you">
      <ViewHeader title={greeting} subtitle="Made from your own listening, on this computer — nothing leaves it." />

      <Section title="Daily mixes" testId="fy-mixes">
        {mixes.data?.mixes.length ? (
          <div className="mix-grid">
            {mixes.data.mixes.map((m) => <MixCard key={m.id} mix={m} />)}
          </div>
        ) : (
          <div className="fy-empty">
            {status?.computing
              ? 'Mixing… your daily mixes are being computed.'
              : 'Your daily mixes appear after a few listening sessions. Play some albums you love.'}
          </div>
        )}
        {status?.computedAt ? (
          <div className="fy-status muted">
            Updated {timeAgo(status.computedAt)} from {plural(status.events, 'play')} in {plural(status.sessions, 'session')}
          </div>
        ) : null}
      </Section>

      <SimilarNow />

      <div className="fy-columns">
        <Section title="Recently played" link={href('recent')} testId="fy-recent">
          {recent.data?.items.length ? (
            <RowsTable
              label="Recently played"
              extraLabel="Last played"
              rows={recent.data.items.map((p) => ({ key: p.track.id, track: p.track, extra: p.lastPlayedAt ? timeAgo(p.lastPlayedAt) : '' }))}
              onPlay={(i) => playRows(recent.data?.items.map((p) => p.track) ?? [], i)}
            />
          ) : (
            <div className="fy-empty">Nothing yet. Plays count after 30 s (or half a short track).</div>
          )}
        </Section>
        <Section title="Most played this week" link={`${href('most-played')}?range=week`} testId="fy-most">
          {week.data?.items.length ? (
            <RowsTable
              label="Most played this week"
              extraLabel="Plays"
              rows={week.data.items.map((p) => ({ key: p.track.id, track: p.track, extra: plural(p.plays, 'play') }))}
              onPlay={(i) => playRows(week.data?.items.map((p) => p.track) ?? [], i)}
            />
          ) : (
            <div className="fy-empty">No plays this week yet.</div>
          )}
        </Section>
      </div>

      <Section title="Recently added" link={href('recently-added')} testId="fy-added">
        {added.data?.items.length ? (
          <RowsTable
            label="Recently added"
            extraLabel="Added"
            rows={added.data.items.map((t) => ({ key: t.id, track: t, extra: timeAgo(t.addedAt) }))}
            onPlay={(i) => playRows(added.data?.items ?? [], i)}
          />
        ) : (
          <div className="fy-empty">Nothing new.</div>
        )}
      </Section>
    </div>
  );
}
