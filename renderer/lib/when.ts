/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", or a date. */
export function timeAgo(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d === 1) return 'yesterday';
  if (d < 30) return `${d} days ago`;
  return new Date(ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** Listening time: "42 min", "3 h 5 min", "12 h". */
export function listenTime(ms: number): string {
  if (ms <= 0) return '0 min';
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  const min = Math.round(ms / 60000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const rest = min % 60;
  return h >= 10 || rest === 0 ? `${h} h` : `${h} h ${rest} min`;
}

/** Minutes to add to UTC for local time (the contract's tzOffsetMin). */
export function tzOffsetMin(): number {
  return -new Date().getTimezoneOffset();
}

/** "Mon 3", "Mar 4" labels for YYYY-MM-DD buckets. */
export function dayLabel(date: string, style: 'day' | 'week'): string {
  const [y, m, d] = date.split('-').map(Number);
  const dt = new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  return style === 'day'
    ? dt.toLocaleDateString(undefined, { day: 'numeric', month: 'numeric' })
    : dt.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}
