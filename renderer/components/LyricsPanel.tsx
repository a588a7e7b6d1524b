// Lyrics in Now Playing: synced lyrics follow playback (the current line highlighted and kept in
// view; a click seeks to a line), unsynced lyrics as text, a clear empty state. Cheap: the current
// line is found by binary search once per animation frame while playing, and React re-renders only
// when it changes.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Id, Lyrics } from '../../app/contract/index.ts';
import { client } from '../api/client.ts';
import { playerActions, positionNow, useIsPlaying, usePosition } from '../stores/player.ts';
import './LyricsPanel.css';

type Loaded = { id: Id; lyrics: Lyrics | null; error: string | null };

/** Index of the last line whose time has come (-1 before the first). */
export function currentLine(times: readonly number[], ms: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] ?? Infinity) <= ms) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function LyricsPanel({ id }: { id: Id }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    client.lyrics(id, { signal: abort.signal }).then(
      (list) => setLoaded({ id, lyrics: list.find((l) => l.synced) ?? list[0] ?? null, error: null }),
      (err: unknown) => !abort.signal.aborted && setLoaded({ id, lyrics: null, error: (err as Error).message }),
    );
    return () => abort.abort();
  }, [id]);
  const lyrics = loaded?.id === id ? loaded.lyrics : null;
  return (
    <section className="lyrics-panel" data-testid="lyrics-panel" aria-label="Lyrics">
      {loaded?.id !== id ? (
        <div className="lyrics-empty muted">Loading lyrics…</div>
      ) : loaded.error ? (
        <div className="lyrics-empty muted">Lyrics could not be loaded: {loaded.error}</div>
      ) : !lyrics ? (
        <div className="lyrics-empty muted" data-testid="lyrics-empty">
          No lyrics for this track. Put a <code>.lrc</code> file with the same name beside it, or embed lyrics in its tags.
        </div>
      ) : lyrics.synced ? (
        <SyncedLyrics lyrics={lyrics} />
      ) : (
        <div className="lyrics-lines unsynced" data-testid="lyrics-unsynced">
          {lyrics.lines.map((l, i) => (l.text ? <p key={i} className="lyrics-line">{l.text}</p> : <p key={i} className="lyrics-gap" aria-hidden />))}
        </div>
      )}
    </section>
  );
}

function SyncedLyrics({ lyrics }: { lyrics: Lyrics }) {
  const times = useMemo(() => lyrics.lines.map((l) => Math.max(0, (l.startMs ?? 0) - lyrics.offsetMs)), [lyrics]);
  const playing = useIsPlaying();
  const position = usePosition();
  const [active, setActive] = useState(() => currentLine(times, positionNow()));
  const box = useRef<HTMLDivElement>(null);
  const userScrolledAt = useRef(0);

  // Paused: follow seeks (the store's position); playing: every frame.
  useEffect(() => setActive(currentLine(times, position)), [times, position]);
  useEffect(() => {
    if (!playing) return;
    let frame = requestAnimationFrame(function tick() {
      setActive(currentLine(times, positionNow()));
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, times]);
  useEffect(() => {
    const el = box.current?.querySelector<HTMLElement>(`[data-index="${active}"]`);
    if (!el || !box.current || Date.now() - userScrolledAt.current < 3000) return;
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    box.current.scrollTo({ top: el.offsetTop - box.current.clientHeight / 2 + el.clientHeight / 2, behavior: reduce ? 'auto' : 'smooth' });
  }, [active]);

  return (
    <div
      className="lyrics-lines synced"
      ref={box}
      data-testid="lyrics-synced"
      onWheel={() => (userScrolledAt.current = Date.now())}
      onTouchMove={() => (userScrolledAt.current = Date.now())}
    >
      {lyrics.lines.map((l, i) => (
        <button
          type="button"
          key={i}
          data-index={i}
          data-testid="lyrics-line"
          className={`lyrics-line${i === active ? ' active' : i < active ? ' past' : ''}`}
          aria-current={i === active ? 'true' : undefined}
          onClick={() => {
            userScrolledAt.current = 0;
            playerActions.seek(times[i] ?? 0);
          }}
        >
          {l.text || '♪'}
        </button>
      ))}
    </div>
  );
}
