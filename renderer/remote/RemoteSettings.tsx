// Settings in remote mode: streaming quality, storage access (CORS), the offline cache (limit,
// pinned items), data usage and sign-out. Replaces the desktop-only cards (folders, rescan, scan errors, sync).
import { formatBytes } from '../lib/format.ts';
import type { QualityPref } from './policy.ts';
import { pin, unpin } from './player.ts';
import { signOut } from './session.ts';
import { StorageAccess } from './StorageAccess.tsx';
import { remoteActions, useCache, usePins, useQuality, useStreaming, useUsage } from './store.ts';
import './remote.css';

const qualities: [QualityPref, string][] = [
  ['auto', 'Automatic (by connection speed)'],
  ['high', 'Always high'],
  ['medium', 'Medium'],
  ['low', 'Data saver (low)'],
];
const limits = [256, 512, 1024, 2048, 4096, 8192].map((mb) => mb * 1024 * 1024);

export function RemoteSettings() {
  const quality = useQuality();
  const usage = useUsage();
  const cache = useCache();
  const pins = usePins();
  const streaming = useStreaming();
  return (
    <>
      <div className="card" data-testid="remote-streaming">
        <div className="card-head">
          <h2>Streaming</h2>
          <button className="btn" data-testid="signout" onClick={() => void signOut().then(() => location.reload())}>
            Sign out
          </button>
        </div>
        <div className="remote-row">
          <label htmlFor="quality">Quality</label>
          <select id="quality" value={quality} onChange={(e) => remoteActions.setQuality(e.target.value as QualityPref)} data-testid="quality">
            {qualities.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
          <span className="muted" data-testid="streaming-rung">
            {streaming.rung ? `now: ${streaming.rung}` : ''}
            {streaming.throughputBps ? ` · measured ${(streaming.throughputBps / 1e6).toFixed(1)} Mb/s` : ''}
          </span>
        </div>
        <div className="usage" data-testid="data-usage">
          <div>
            <div className="stat-value" data-testid="usage-session">{formatBytes(usage.session)}</div>
            <div className="stat-label">This session</div>
          </div>
          <div>
            <div className="stat-value" data-testid="usage-month">{formatBytes(usage.month)}</div>
            <div className="stat-label">This month ({usage.monthKey})</div>
          </div>
        </div>
      </div>
      <StorageAccess />
      <div className="card" data-testid="remote-offline">
        <div className="card-head">
          <h2>Offline</h2>
        </div>
        {cache.swActive ? null : <p className="muted">Offline copies need the service worker: open this server over HTTPS (or on localhost).</p>}
        <div className="remote-row">
          <label htmlFor="cache-limit">Cache size</label>
          <select id="cache-limit" value={cache.limit} onChange={(e) => remoteActions.setCacheLimit(Number(e.target.value))} data-testid="cache-limit">
            {limits.map((b) => <option key={b} value={b}>{formatBytes(b)}</option>)}
          </select>
          <span className="muted" data-testid="cache-used">{formatBytes(cache.used)} used</span>
        </div>
        <p className="muted small">Played tracks are kept until the cache is full (least recently played go first). Pinned albums and playlists are always kept.</p>
        <ul className="pin-list" data-testid="pins">
          {Object.values(pins).map((p) => (
            <li key={p.key} data-testid="pin">
              <span className="ellipsis">{p.label}</span>
              <span className="muted">{p.done}/{p.trackIds.length}</span>
              <button className="btn" onClick={() => unpin(p.key)}>Remove</button>
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}

/** "Keep offline" for an album or playlist (remote mode only; the caller checks). */
export function PinButton({ pinKey, label, trackIds }: { pinKey: string; label: string; trackIds: () => Promise<readonly number[]> | readonly number[] }) {
  const pins = usePins();
  const pinned = pins[pinKey];
  return (
    <button
      className="btn"
      data-testid="pin-offline"
      data-pinned={pinned ? 'true' : 'false'}
      onClick={() => {
        if (pinned) unpin(pinKey);
        else void Promise.resolve(trackIds()).then((ids) => pin(pinKey, label, ids));
      }}
    >
      {pinned ? `Offline ✓ ${pinned.done}/${pinned.trackIds.length}` : 'Keep offline'}
    </button>
  );
}
