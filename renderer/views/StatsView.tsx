// Listening stats: time listened per day and per week (bar charts), top artists, albums, genres.
import { useMemo, useState } from 'react';
import { historyClient } from '../api/playlists.ts';
import { BarChart, RankBars } from '../components/BarChart.tsx';
import { Cover } from '../components/Cover.tsx';
import { Results } from '../components/Results.tsx';
import { Tabs } from '../components/Tabs.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { plural } from '../lib/format.ts';
import { href } from '../lib/router.ts';
import { useAsync } from '../lib/useAsync.ts';
import { dayLabel, listenTime, tzOffsetMin } from '../lib/when.ts';
import { useOnPlaysReported } from './ForYouView.tsx';
import './StatsView.css';

const DAY = 86_400_000;
const periods: [number, string][] = [
  [7, '7 days'],
  [30, '30 days'],
  [90, '90 days'],
  [365, '12 months'],
];

/** The axis unit for a range of values: seconds, minutes or hours (so ticks read as round numbers). */
function unitFor(maxMs: number): { unit: number; format: (ms: number) => string } {
  const [unit, label] = maxMs < 120_000 ? [1000, 's'] : maxMs < 3 * 3_600_000 ? [60_000, 'm'] : [3_600_000, 'h'];
  return { unit, format: (ms) => (ms === 0 ? '0' : `${+(ms / unit).toFixed(2)} ${label}`) };
}

/** A card of the period's top items, or a line saying there were none. */
function TopCard({ title, count, children }: { title: string; count: number; children: React.ReactNode }) {
  return (
    <section className="card">
      <h2>{title}</h2>
      {count ? children : <div className="muted">No listening in this period.</div>}
    </section>
  );
}

/** Top artists or genres: a bar each for the time listened, linking to the item's page. */
function TopBars({ title, testId, route, items }: { title: string; testId: string; route: 'artist' | 'genre'; items: { id: number; name: string; plays: number; ms: number }[] }) {
  return (
    <TopCard title={title} count={items.length}>
      <RankBars
        testId={testId}
        rows={items.map((x) => ({ key: x.id, label: x.name, sub: plural(x.plays, 'play'), value: x.ms, href: href(route, x.id) }))}
        format={listenTime}
      />
    </TopCard>
  );
}

export function StatsView() {
  const [days, setDays] = useState(30);
  const from = useMemo(() => {
    const d = new Date();
    d.setHours(0, 0, 0, 0);
    return d.getTime() - (days - 1) * DAY;
  }, [days]);
  const stats = useAsync(() => historyClient.stats({ from, tzOffsetMin: tzOffsetMin(), top: 10 }), [from]);
  useOnPlaysReported(stats.reload);
  // Another period's figures stay up dimmed and inert until this period's arrive (never as this period's).
  const s = stats.data ?? stats.stale;
  const perDay = s?.days.slice(-Math.min(days, 90)) ?? [];
  return (
    <div className="view stats-view" data-testid="view-stats">
      <ViewHeader title="Listening stats" subtitle="Computed from your play history on this computer.">
        <Tabs value={days} options={periods} onChange={setDays} testId="period-tabs" />
      </ViewHeader>
      {stats.error ? <div className="placeholder">{stats.error}</div> : null}
      {s ? (
        <Results stale={stats.data === undefined} testId="stats-results">
          <div className="stat-cards">
            <div className="stat-card" data-testid="stat-total">
              <div className="stat-value">{listenTime(s.totalMs)}</div>
              <div className="stat-label">listened</div>
            </div>
            <div className="stat-card">
              <div className="stat-value">{s.plays.toLocaleString()}</div>
              <div className="stat-label">plays</div>
            </div>
            <div className="stat-card">
              <div className="stat-value">{listenTime(s.totalMs / Math.max(1, s.days.length))}</div>
              <div className="stat-label">a day on average</div>
            </div>
            <div className="stat-card">
              <div className="stat-value">{s.topArtists[0]?.artist.name ?? '—'}</div>
              <div className="stat-label">top artist</div>
            </div>
          </div>

          <div className="stats-grid">
            <section className="card chart-card">
              <h2>Per day{days > 90 ? ' (last 90 days)' : ''}</h2>
              <BarChart
                testId="chart-days"
                bars={perDay.map((b) => ({ label: dayLabel(b.date, 'day'), value: b.ms, title: `${b.date}: ${listenTime(b.ms)}, ${plural(b.plays, 'play')}` }))}
                {...unitFor(Math.max(0, ...perDay.map((b) => b.ms)))}
              />
            </section>
            <section className="card chart-card">
              <h2>Per week</h2>
              <BarChart
                testId="chart-weeks"
                bars={s.weeks.map((b) => ({ label: dayLabel(b.date, 'week'), value: b.ms, title: `Week of ${b.date}: ${listenTime(b.ms)}, ${plural(b.plays, 'play')}` }))}
                {...unitFor(Math.max(0, ...s.weeks.map((b) => b.ms)))}
              />
            </section>
          </div>

          <div className="stats-tops">
            <TopBars title="Top artists" testId="top-artists" route="artist" items={s.topArtists.map((a) => ({ ...a.artist, plays: a.plays, ms: a.ms }))} />
            <TopCard title="Top albums" count={s.topAlbums.length}>
              <ol className="rank-bars top-albums" data-testid="top-albums">
                {s.topAlbums.map((a, i) => (
                  <li key={a.album.id}>
                    <span className="rank-n muted">{i + 1}</span>
                    <Cover coverId={a.album.coverId} alt={a.album.title} size="thumb" className="top-album-cover" />
                    <span className="top-album-text">
                      <a href={href('album', a.album.id)} className="ellipsis">{a.album.title}</a>
                      <span className="ellipsis muted">{a.album.artist} · {plural(a.plays, 'play')}</span>
                    </span>
                    <span className="muted rank-value">{listenTime(a.ms)}</span>
                  </li>
                ))}
              </ol>
            </TopCard>
            <TopBars title="Top genres" testId="top-genres" route="genre" items={s.topGenres.map((g) => ({ ...g.genre, plays: g.plays, ms: g.ms }))} />
          </div>
        </Results>
      ) : null}
    </div>
  );
}
