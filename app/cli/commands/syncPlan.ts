// `tonearm sync --plan`: what the sync server stores per rung, what the storage policy would free,
// and the monthly cost at Cloudflare R2's prices against its free tier (app/sync/cost.ts). Uploads nothing.
import type { SyncApi } from '../../sync/api.ts';
import { monthlyOperations, R2, r2MonthlyCost, type MonthlyCost } from '../../sync/cost.ts';
import type { StorageReport } from '../../sync/protocol.ts';
import type { CommandIo } from '../command.ts';
import { formatBytes } from '../options.ts';

export interface StoragePlan {
  report: StorageReport;
  operations: { classA: number; classB: number };
  cost: { now: MonthlyCost; withPolicy: MonthlyCost };
}

export async function storagePlan(api: SyncApi, keepHighDays: number): Promise<StoragePlan> {
  const report = await api.storage(keepHighDays);
  const operations = monthlyOperations(report);
  return {
    report, operations,
    cost: {
      now: r2MonthlyCost({ bytes: report.stored.bytes, ...operations }),
      withPolicy: r2MonthlyCost({ bytes: report.stored.bytes - report.policy.bytes, ...operations }),
    },
  };
}

const dollars = (n: number) => `$${n.toFixed(2)}`;
const millions = (n: number) => `${(n / 1e6).toFixed(n < 1e5 ? 3 : 2)} M`;

export function printStoragePlan(plan: StoragePlan, io: CommandIo): void {
  const { report, operations, cost } = plan;
  const out = (line: string) => io.stdout.write(`${line}\n`);
  out('Stored on the sync server:');
  for (const r of report.rungs) out(`  ${r.rung.padEnd(10)} ${String(r.objects).padStart(7)} objects  ${formatBytes(r.bytes).padStart(10)}`);
  out(`  ${'covers'.padEnd(10)} ${String(report.covers.objects).padStart(7)} objects  ${formatBytes(report.covers.bytes).padStart(10)}`);
  out(`  ${'total'.padEnd(10)} ${String(report.stored.objects).padStart(7)} objects  ${formatBytes(report.stored.bytes).padStart(10)}`);
  const p = report.policy;
  out(`Storage policy (keep high for favorites and tracks played or added in the last ${p.keepHighDays} days): ` +
    `${p.tracksKeepingHigh} tracks keep high, ${p.tracksDroppingHigh} would drop it, freeing ${p.objects} objects (${formatBytes(p.bytes)}).`);
  out(`  Apply it with: tonearm sync --keep-high-days ${p.keepHighDays}`);
  out(`A month at Cloudflare R2 prices ($${R2.storagePerGbMonth}/GB-month, $${R2.classAPerMillion}/M class A, $${R2.classBPerMillion}/M class B; ` +
    `free: ${R2.free.gbMonth} GB-month, ${R2.free.classA / 1e6} M class A, ${R2.free.classB / 1e6} M class B):`);
  out(`  operations: ${millions(operations.classA)} class A (${report.month.uploads} uploads in the last 30 days + the hourly audit and GC listings), ` +
    `${millions(operations.classB)} class B (commit checks + ${report.month.plays} plays × 4 range reads)`);
  const line = (label: string, c: MonthlyCost) => out(`  ${label.padEnd(12)} ${c.storageGb.toFixed(2)} GB stored: ${dollars(c.storage)} storage + ` +
    `${dollars(c.operationsA)} class A + ${dollars(c.operationsB)} class B = ${dollars(c.total)} a month`);
  line('now', cost.now);
  line('with policy', cost.withPolicy);
}
