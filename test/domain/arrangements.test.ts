import { describe, expect, it } from "vitest";
import { arrangementState, judgeProposal, splitIntoInstalments } from "../../app/domain/arrangements";

const now = new Date("2026-11-23T10:00:00Z");
const day = (n: number) => new Date(now.getTime() + n * 86_400_000);
const rules = { maxInstalments: 3, minInstalmentMinor: 2_500, maxDurationDays: 90, graceDays: 5 };

describe("instalment plans", () => {
  it.each([[10_000, 3], [10_001, 3], [9_999, 4], [1, 1], [100, 7]])("%i in %i instalments sums exactly, rounding on the last", (total, count) => {
    const plan = splitIntoInstalments({ totalMinor: total, instalments: count, firstDueAt: day(7), intervalDays: 30 });
    expect(plan.reduce((sum, i) => sum + i.amountMinor, 0)).toBe(total);
    expect(new Set(plan.slice(0, -1).map((i) => i.amountMinor)).size).toBeLessThanOrEqual(1);
    expect(plan[count - 1].amountMinor).toBeGreaterThanOrEqual(plan[0].amountMinor);
    expect(plan.map((i) => i.dueAt)).toEqual(plan.map((_, i) => day(7 + i * 30)));
  });

  it("accepts inside the rules, asks a person outside them, refuses nonsense", () => {
    expect(judgeProposal({ totalMinor: 30_000, instalments: 3, firstDueAt: day(7), intervalDays: 30 }, rules, now)).toEqual({ kind: "accept" });
    expect(judgeProposal({ totalMinor: 30_000, instalments: 6, firstDueAt: day(7), intervalDays: 14 }, rules, now))
      .toEqual({ kind: "needs_approval", reasons: [{ code: "more_instalments", max: 3 }] });
    expect(judgeProposal({ totalMinor: 6_000, instalments: 3, firstDueAt: day(7), intervalDays: 60 }, rules, now))
      .toEqual({ kind: "needs_approval", reasons: [{ code: "instalment_below_minimum" }, { code: "longer", days: 90 }] });
    expect(judgeProposal({ totalMinor: 30_000, instalments: 1, firstDueAt: day(-3), intervalDays: 1 }, rules, now).kind).toBe("invalid");
    expect(judgeProposal({ totalMinor: 30_000, instalments: 2.5, firstDueAt: new Date("nonsense"), intervalDays: 30 }, rules, now))
      .toEqual({ kind: "invalid", faults: [{ code: "instalments", min: 2, max: 24 }, { code: "first_payment", days: 60 }] });
  });

  it("allocates payments oldest first and breaks only after the grace period", () => {
    const plan = splitIntoInstalments({ totalMinor: 30_000, instalments: 3, firstDueAt: day(7), intervalDays: 30 });
    expect(arrangementState(plan, 12_000, 5, day(8)).instalments.map((i) => [i.paidMinor, i.status]))
      .toEqual([[10_000, "paid"], [2_000, "partly_paid"], [0, "open"]]);
    expect(arrangementState(plan, 10_000, 5, day(40)).status).toBe("active"); // 3 days late: within grace
    const broken = arrangementState(plan, 10_000, 5, day(43));
    expect(broken.status).toBe("broken");
    expect(broken.missed?.seq).toBe(2);
    expect(arrangementState(plan, 30_000, 5, day(200)).status).toBe("completed");
  });
});
