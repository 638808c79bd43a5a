import { describe, expect, it } from "vitest";
import { recoveryByDay, recoveryByErrorCode, type RenewalFact } from "../../app/domain/renewalStats";

const day = (n: number, hour = 9) => new Date(Date.UTC(2026, 10, n, hour));
const fact = (errorCode: string, outcome: string | null, recoveredDay: number | null, amountMinor = 2990): RenewalFact => ({
  errorCode, outcome, firstFailedAt: day(1), recoveredAt: recoveredDay === null ? null : day(1 + recoveredDay, 10), amountMinor,
});

describe("renewal recovery in figures", () => {
  const facts = [
    fact("insufficient_funds", "recovered", 1), fact("insufficient_funds", "recovered", 3), fact("insufficient_funds", "kept", null),
    fact("insufficient_funds", null, null), fact("expired_payment_method", "cancelled", null), fact("expired_payment_method", "recovered", 3, 1000),
  ];

  it("per failure reason: failed, recovered, still recovering, the rate and the revenue, most frequent first", () => {
    expect(recoveryByErrorCode(facts)).toEqual([
      { errorCode: "insufficient_funds", failed: 4, recovered: 2, recovering: 1, rate: 0.5, recoveredMinor: 5980 },
      { errorCode: "expired_payment_method", failed: 2, recovered: 1, recovering: 0, rate: 0.5, recoveredMinor: 1000 },
    ]);
  });

  it("per day after the first failure, in whole days", () => {
    expect(recoveryByDay(facts)).toEqual([
      { day: 1, recovered: 1, recoveredMinor: 2990 },
      { day: 3, recovered: 2, recoveredMinor: 3990 },
    ]);
    expect(recoveryByDay([])).toEqual([]);
  });
});
