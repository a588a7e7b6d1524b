// What a mirror costs a month at Cloudflare R2's prices, against its free tier (pure; R2's
// published prices: storage $0.015 per GB-month, class A operations (writes, lists) $4.50 per
// million, class B (reads, HEADs) $0.36 per million; free each month: 10 GB-month, 1 million class
// A, 10 million class B; egress free). GB here is 10^9 bytes.
import type { StorageReport } from './protocol.ts';

export const R2 = {
  storagePerGbMonth: 0.015,
  classAPerMillion: 4.5,
  classBPerMillion: 0.36,
  free: { gbMonth: 10, classA: 1_000_000, classB: 10_000_000 },
} as const;

/**
 * Operations of a month, from the mirror's last 30 days:
 * - class A: one PUT per object uploaded, and the listings of the server's hourly audit and GC
 *   (two listings of its prefix an hour, 1,000 keys a page);
 * - class B: one HEAD per upload (the commit's check), and `readsPerPlay` range GETs per play
 *   (a browser or Subsonic client reads a track in a few ranges; 4 by default).
 */
export function monthlyOperations(report: Pick<StorageReport, 'stored' | 'month'>, readsPerPlay = 4): { classA: number; classB: number } {
  const pages = Math.max(1, Math.ceil(report.stored.objects / 1000));
  return {
    classA: report.month.uploads + 2 * 24 * 30 * pages,
    classB: report.month.uploads + readsPerPlay * report.month.plays,
  };
}

export interface MonthlyCost {
  storageGb: number;
  classA: number;
  classB: number;
  /** Dollars, each part after the free tier. */
  storage: number;
  operationsA: number;
  operationsB: number;
  total: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function r2MonthlyCost(usage: { bytes: number; classA: number; classB: number }): MonthlyCost {
  const storageGb = usage.bytes / 1e9;
  const storage = Math.max(0, storageGb - R2.free.gbMonth) * R2.storagePerGbMonth;
  const operationsA = (Math.max(0, usage.classA - R2.free.classA) / 1e6) * R2.classAPerMillion;
  const operationsB = (Math.max(0, usage.classB - R2.free.classB) / 1e6) * R2.classBPerMillion;
  return {
    storageGb, classA: usage.classA, classB: usage.classB,
    storage: round(storage), operationsA: round(operationsA), operationsB: round(operationsB), total: round(storage + operationsA + operationsB),
  };
}
