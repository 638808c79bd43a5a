import { DAY_MS, daysLate } from "./time";

export const AGING_BUCKETS = ["not_due", "1_30", "31_60", "61_90", "90_plus"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export function agingBucket(dueAt: Date, now: Date): AgingBucket {
  const days = daysLate(dueAt, now);
  if (days === 0) return "not_due";
  if (days <= 30) return "1_30";
  if (days <= 60) return "31_60";
  if (days <= 90) return "61_90";
  return "90_plus";
}

export interface OpenAmount {
  dueAt: Date;
  outstandingMinor: number;
}

export type AgingReport = Record<AgingBucket, { count: number; outstandingMinor: number }>;

export function agingReport(items: Iterable<OpenAmount>, now: Date): AgingReport {
  const report = Object.fromEntries(
    AGING_BUCKETS.map((bucket) => [bucket, { count: 0, outstandingMinor: 0 }]),
  ) as AgingReport;
  for (const item of items) {
    const row = report[agingBucket(item.dueAt, now)];
    row.count += 1;
    row.outstandingMinor += item.outstandingMinor;
  }
  return report;
}

/** The due-date window of each bucket, for database queries: from (inclusive) .. to (exclusive). */
export function agingRanges(now: Date): Record<AgingBucket, { from: Date | null; to: Date | null }> {
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return {
    not_due: { from: now, to: null },
    "1_30": { from: daysAgo(30), to: now },
    "31_60": { from: daysAgo(60), to: daysAgo(30) },
    "61_90": { from: daysAgo(90), to: daysAgo(60) },
    "90_plus": { from: null, to: daysAgo(90) },
  };
}

export interface ReceivableLife {
  issuedAt: Date;
  dueAt: Date;
  paidAt: Date | null;
  cancelledAt: Date | null;
}

/** How many receivables were overdue at a moment in the past: issued, past due, not yet paid or cancelled. */
export function overdueCountAt(receivables: Iterable<ReceivableLife>, at: Date): number {
  let count = 0;
  for (const r of receivables) {
    if (r.issuedAt <= at && r.dueAt < at && (!r.paidAt || r.paidAt > at) && (!r.cancelledAt || r.cancelledAt > at)) count += 1;
  }
  return count;
}
