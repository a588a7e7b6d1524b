// Reports plays to the history API. Each time a track starts playing it gets a client event id;
// while it plays, the ListenMeter adds up the audio actually heard (seeks and scrubs add nothing),
// progress goes out every 15 s and on pause, and when the play ends (next track, ended, window
// closing) a PlayReport is stored in a persisted outbox and sent — retried until the server has it.
// The server decides what counts as a play; the client never sends the playhead position.
import type { Id, PlayReport, PlaySource } from '../../app/contract/index.ts';
import { historyClient } from '../api/playlists.ts';
import { newKey } from '../lib/retry.ts';
import { useLibrary } from '../stores/library.ts';
import { usePlayer } from '../stores/player.ts';
import { useQueue } from '../stores/queue.ts';
import { ListenMeter, PlayOutbox } from './playReportLogic.ts';

const PROGRESS_EVERY_MS = 15_000;
const OUTBOX_KEY = 'tonearm.playOutbox.v1';
const CLIENT_KEY = 'tonearm.clientId';

interface OpenPlay {
  clientEventId: string;
  trackId: Id;
  startedAt: number;
  meter: ListenMeter;
  lastPositionMs: number;
  lastProgressAt: number;
  lastProgressMs: number;
  source: PlaySource;
  sourceId: string | undefined;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function clientId(): string {
  const s = storage();
  let id = s?.getItem(CLIENT_KEY) ?? null;
  if (!id) {
    id = newKey();
    s?.setItem(CLIENT_KEY, id);
  }
  return id;
}

let outbox: PlayOutbox<PlayReport> | null = null;
let open: OpenPlay | null = null;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
const listeners = new Set<() => void>();

/** Where the next plays come from (set by views that start playback: a playlist, a mix…). */
let context: { source: PlaySource; sourceId: string | undefined; trackIds: Set<Id> } | null = null;

/** Tags plays of these tracks with a source (until another context is set). */
export function setPlayContext(source: PlaySource, sourceId: string | number | undefined, trackIds: readonly Id[]): void {
  context = { source, sourceId: sourceId === undefined ? undefined : String(sourceId), trackIds: new Set(trackIds) };
}

/** Called after reports reach the server (views showing history refresh). */
export function onPlaysReported(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function scheduleFlush(): void {
  if (!outbox) return;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  const due = outbox.dueIn();
  if (due === null) return;
  retryTimer = setTimeout(() => void flush(), due);
}

async function flush(): Promise<void> {
  if (!outbox) return;
  const before = outbox.pending.length;
  await outbox.flush();
  if (outbox.pending.length < before) for (const l of listeners) l();
  scheduleFlush();
}

function progressBody(p: OpenPlay) {
  return {
    clientEventId: p.clientEventId,
    trackId: p.trackId,
    startedAt: p.startedAt,
    msListened: Math.round(p.meter.listenedMs),
    source: p.source,
    ...(p.sourceId !== undefined ? { sourceId: p.sourceId } : {}),
    clientId: clientId(),
  };
}

function sendProgress(keepalive = false): void {
  if (!open || open.meter.listenedMs <= 0 || open.meter.listenedMs === open.lastProgressMs) return;
  open.lastProgressAt = Date.now();
  open.lastProgressMs = open.meter.listenedMs;
  historyClient.progress(progressBody(open), keepalive).catch(() => {
    /* best effort: the final report carries the total */
  });
}

/** Ends the open play: queue its report and send it. */
function finish(completed: boolean, keepalive = false): void {
  const p = open;
  open = null;
  if (!p || !outbox || p.meter.listenedMs <= 0) return;
  const report: PlayReport = { ...progressBody(p), completed, endedAt: Date.now() };
  outbox.push(report.clientEventId, report);
  if (keepalive) {
    // The page is going away: one keepalive request; the outbox keeps a copy for next launch
    // (the server drops the duplicate by clientEventId).
    historyClient.plays({ plays: outbox.pending.map((i) => i.event) }, true).catch(() => {});
  } else void flush();
}

function start(trackId: Id, positionMs: number): void {
  const ctx = context && context.trackIds.has(trackId) ? context : null;
  open = {
    clientEventId: newKey(),
    trackId,
    startedAt: Date.now(),
    meter: new ListenMeter(),
    lastPositionMs: positionMs,
    lastProgressAt: Date.now(),
    lastProgressMs: 0,
    source: ctx?.source ?? 'queue',
    sourceId: ctx?.sourceId,
  };
}

function durationOf(id: Id): number {
  return usePlayer.getState().durationMs || useLibrary.getState().tracks.get(id)?.durationMs || 0;
}

/** Played to (almost) the end. */
function nearEnd(p: OpenPlay): boolean {
  const d = durationOf(p.trackId);
  return d > 0 && p.lastPositionMs >= d - 1500;
}

function currentTrack(): Id | undefined {
  const q = useQueue.getState();
  return q.index >= 0 ? q.ids[q.index] : undefined;
}

export function startPlayReporting(): void {
  if (outbox) return;
  outbox = new PlayOutbox<PlayReport>({
    storage: storage(),
    key: OUTBOX_KEY,
    send: async (plays) => {
      await historyClient.plays({ plays });
    },
  });
  void flush();

  usePlayer.subscribe((s, prev) => {
    const id = currentTrack();
    const now = performance.now();
    if (s.isPlaying) {
      if (id === undefined) return;
      if (open && open.trackId !== id) finish(nearEnd(open));
      // Repeat-one (or "previous" at the start): the same track starts over after reaching its end.
      if (open && open.trackId === id && s.positionMs < 1500 && nearEnd(open)) finish(true);
      if (!open) start(id, s.positionMs);
      const p = open as OpenPlay;
      if (!prev.isPlaying) p.meter.break();
      p.meter.sample(s.positionMs, now);
      p.lastPositionMs = s.positionMs;
      if (Date.now() - p.lastProgressAt >= PROGRESS_EVERY_MS) sendProgress();
    } else if (prev.isPlaying && open) {
      // Paused (or stopped): count up to here, report progress.
      if (open.trackId === id) {
        open.meter.sample(s.positionMs, now);
        open.lastPositionMs = s.positionMs;
      }
      open.meter.break();
      sendProgress();
    }
  });

  // The current track changed (next, previous, a click elsewhere, end of queue): the play is over.
  useQueue.subscribe((s, prev) => {
    const now = s.index >= 0 ? s.ids[s.index] : undefined;
    const before = prev.index >= 0 ? prev.ids[prev.index] : undefined;
    if (open && now !== before && open.trackId !== now) finish(nearEnd(open));
  });

  window.addEventListener('pagehide', () => finish(open ? nearEnd(open) : false, true));
  window.addEventListener('online', () => void flush());
}

/** For tests and the debug hooks: events waiting to be sent. */
export function pendingPlayReports(): number {
  return outbox?.pending.length ?? 0;
}
