import { describe, expect, it } from "vitest";
import { AGING_BUCKETS, agingBucket, agingRanges, agingReport, overdueCountAt } from "../../app/domain/aging";
import { DAY_MS } from "../../app/domain/time";

const now = new Date("2026-11-23T12:00:00Z");
const due = (days: number, extraMs = 0) => new Date(now.getTime() - days * DAY_MS - extraMs);

describe("aging", () => {
  it.each([
    [due(-5), "not_due"], [due(0), "not_due"], [due(0, 1), "1_30"], [due(30), "1_30"], [due(30, 1), "31_60"],
    [due(60), "31_60"], [due(60, 1), "61_90"], [due(90), "61_90"], [due(90, 1), "90_plus"], [due(400), "90_plus"],
  ] as const)("puts due date %s in bucket %s", (dueAt, bucket) => {
    expect(agingBucket(dueAt, now)).toBe(bucket);
  });

  it("database ranges agree with the bucket function at every boundary", () => {
    const ranges = agingRanges(now);
    for (const days of [-1, 0, 1, 29, 30, 31, 59, 60, 61, 89, 90, 91, 365]) {
      for (const extra of [-1, 0, 1]) {
        const dueAt = due(days, extra);
        const inRange = AGING_BUCKETS.filter((b) => {
          const { from, to } = ranges[b];
          return (!from || dueAt >= from) && (!to || dueAt < to);
        });
        expect(inRange).toEqual([agingBucket(dueAt, now)]);
      }
    }
  });

  it("sums counts and amounts per bucket", () => {
    const report = agingReport([
      { dueAt: due(-3), outstandingMinor: 1000 }, { dueAt: due(10), outstandingMinor: 250 },
      { dueAt: due(12), outstandingMinor: 750 }, { dueAt: due(120), outstandingMinor: 99 },
    ], now);
    expect(report.not_due).toEqual({ count: 1, outstandingMinor: 1000 });
    expect(report["1_30"]).toEqual({ count: 2, outstandingMinor: 1000 });
    expect(report["31_60"]).toEqual({ count: 0, outstandingMinor: 0 });
    expect(report["90_plus"]).toEqual({ count: 1, outstandingMinor: 99 });
  });
});

describe("overdue over time", () => {
  it("counts what was overdue at a past moment", () => {
    const d = (day: number) => new Date(Date.UTC(2026, 9, day));
    const lives = [
      { issuedAt: d(1), dueAt: d(5), paidAt: d(20), cancelledAt: null }, // overdue 5..20
      { issuedAt: d(1), dueAt: d(10), paidAt: null, cancelledAt: null }, // overdue from 10
      { issuedAt: d(1), dueAt: d(8), paidAt: null, cancelledAt: d(12) }, // overdue 8..12
      { issuedAt: d(25), dueAt: d(26), paidAt: null, cancelledAt: null }, // issued later
    ];
    expect([d(4), d(9), d(11), d(15), d(21)].map((at) => overdueCountAt(lives, at))).toEqual([0, 2, 3, 2, 1]);
  });
});
