import { describe, expect, it } from "vitest";
import { assessRisk, behaviourProfile, DEFAULT_RISK_RULES, type ReceivableHistory } from "../../app/domain/risk";

const now = new Date("2026-11-23T10:00:00Z");
const d = (day: string) => new Date(`${day}T10:00:00Z`);
const paid = (due: string, paidOn: string, amount = 0): ReceivableHistory => ({ dueAt: d(due), paidAt: d(paidOn), status: "paid", outstandingMinor: amount });
const open = (due: string, amount: number): ReceivableHistory => ({ dueAt: d(due), paidAt: null, status: "open", outstandingMinor: amount });

describe("payment behaviour and risk", () => {
  it("a customer who pays on time is low risk", () => {
    const profile = behaviourProfile([paid("2026-10-01", "2026-09-30"), paid("2026-11-01", "2026-11-01"), open("2026-12-01", 5000)], 0, 0, now);
    expect(profile).toMatchObject({ paidOnTime: 2, paidLate: 0, openExposureMinor: 5000, overdueMinor: 0 });
    expect(assessRisk(profile, DEFAULT_RISK_RULES, null)).toEqual({ level: "low", reasons: [], overLimit: false });
  });

  it("turns medium, then high, as the events come in, with the reasons shown", () => {
    const history = [paid("2026-09-01", "2026-09-11"), paid("2026-10-01", "2026-10-08")];
    const medium = assessRisk(behaviourProfile(history, 0, 0, now), DEFAULT_RISK_RULES, null);
    expect(medium).toEqual({ level: "medium", reasons: [{ code: "average_days_late", days: 9 }], overLimit: false });
    history.push(open("2026-09-15", 12_000)); // 69 days overdue today
    const high = assessRisk(behaviourProfile(history, 1, 0, now), DEFAULT_RISK_RULES, null);
    expect(high.level).toBe("high");
    // the reasons that make it high come first
    expect(high.reasons).toEqual([{ code: "worst_days_late", days: 69 }, { code: "average_days_late", days: 29 }, { code: "open_disputes", count: 1 }]);
  });

  it("a broken arrangement or exposure over the credit limit makes a customer high risk", () => {
    const profile = behaviourProfile([open("2026-12-10", 80_000)], 0, 1, now);
    expect(assessRisk(profile, DEFAULT_RISK_RULES, 50_000)).toEqual({
      level: "high", reasons: [{ code: "broken_arrangements", count: 1 }, { code: "over_credit_limit" }], overLimit: true,
    });
    expect(assessRisk(behaviourProfile([open("2026-12-10", 40_000)], 0, 0, now), DEFAULT_RISK_RULES, 50_000).overLimit).toBe(false);
  });
});

describe("broken promises to pay", () => {
  it("one is a warning (medium), two or more make the customer high risk", async () => {
    const { assessRisk, behaviourProfile, DEFAULT_RISK_RULES } = await import("../../app/domain/risk");
    const now = new Date("2026-11-27T10:00:00Z");
    const profile = (broken: number) => behaviourProfile([], 0, 0, now, broken);
    expect(assessRisk(profile(0), DEFAULT_RISK_RULES, null).level).toBe("low");
    expect(assessRisk(profile(1), DEFAULT_RISK_RULES, null)).toMatchObject({ level: "medium", reasons: [{ code: "broken_promises", count: 1 }] });
    expect(assessRisk(profile(2), DEFAULT_RISK_RULES, null)).toMatchObject({ level: "high", reasons: [{ code: "broken_promises", count: 2 }] });
  });
});
