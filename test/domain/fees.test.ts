import { describe, expect, it } from "vitest";
import { consolidatedCollectionCosts, splitProportionally } from "../../app/domain/fees";
import { bikCollectionCosts, BIK_MAXIMUM_CENTS, BIK_MINIMUM_CENTS } from "../../app/domain/fees/nlBik";
import { beConsumerDamages, beWaitingPeriodEnd } from "../../app/domain/fees/beConsumer";
import { ratesFor, statutoryInterest } from "../../app/domain/fees/interest";
import { checkFourteenDayNotice, fourteenDayDeadline } from "../../app/domain/fees/fourteenDayLetter";

describe("NL BIK collection costs (cents)", () => {
  it.each([
    [0, 0], [10_000, BIK_MINIMUM_CENTS], [26_666, BIK_MINIMUM_CENTS], [26_667, 4_000], [26_700, 4_005],
    [250_000, 37_500], [250_001, 37_500], [260_000, 38_500], [500_000, 62_500], [500_100, 62_505],
    [1_000_000, 87_500], [1_000_100, 87_501], [20_000_000, 277_500], [20_000_200, 277_501],
    [100_000_000, 677_500], [100_000_200, BIK_MAXIMUM_CENTS], [500_000_000, BIK_MAXIMUM_CENTS],
  ])("principal %i -> %i", (principal, costs) => {
    expect(bikCollectionCosts(principal)).toBe(costs);
  });
});

describe("BE consumer damages (cents)", () => {
  it.each([
    [0, 0], [1, 2_000], [15_000, 2_000], [15_001, 3_000], [20_000, 3_500], [50_000, 6_500],
    [50_001, 6_500], [100_000, 9_000], [3_920_000, 200_000], [10_000_000, 200_000],
  ])("balance %i -> %i", (balance, damages) => {
    expect(beConsumerDamages(balance)).toBe(damages);
  });

  it("waiting period: 14 days from the day after an email, from the 3rd working day after a letter", () => {
    expect(beWaitingPeriodEnd(new Date("2026-11-02T15:00:00Z"), "email")).toEqual(new Date("2026-11-17T00:00:00Z"));
    // letter on Friday 6 Nov: working days Mon 9, Tue 10, Wed 11 -> +14 days
    expect(beWaitingPeriodEnd(new Date("2026-11-06T10:00:00Z"), "letter")).toEqual(new Date("2026-11-25T00:00:00Z"));
  });
});

describe("statutory interest", () => {
  const table = ratesFor("nl_commercial");
  it("runs from the day after the due date, actual/365", () => {
    expect(statutoryInterest(100_000, new Date("2025-08-01T00:00:00Z"), new Date("2025-08-31T00:00:00Z"), table)).toBe(834);
    expect(statutoryInterest(100_000, new Date("2025-08-01T00:00:00Z"), new Date("2025-08-01T23:00:00Z"), table)).toBe(0);
  });

  it("applies each dated rate to its own days", () => {
    // 15 days at 11.15% (16-30 June) and 15 days at 10.15% (1-15 July)
    expect(statutoryInterest(100_000, new Date("2025-06-15T00:00:00Z"), new Date("2025-07-15T00:00:00Z"), table)).toBe(875);
  });

  it("adds the DE surcharge on the base rate (B2B + 9 points)", () => {
    // 1.27 + 9 = 10.27% for 30 days on 1,000.00
    expect(statutoryInterest(100_000, new Date("2025-08-01T00:00:00Z"), new Date("2025-08-31T00:00:00Z"), ratesFor("de_base"), "9")).toBe(844);
  });

  it("refuses a date before the first known rate", () => {
    expect(() => statutoryInterest(100_000, new Date("2020-01-01T00:00:00Z"), new Date("2020-02-01T00:00:00Z"), table)).toThrow(/no statutory rate/);
  });
});

describe("14-dagenbrief", () => {
  it("gives 14 full days starting the day after receipt", () => {
    expect(fourteenDayDeadline(new Date("2026-11-02T09:30:00Z"), "email", "Europe/Amsterdam")).toBe("2026-11-16");
    expect(fourteenDayDeadline(new Date("2026-11-02T09:30:00Z"), "letter", "Europe/Amsterdam")).toBe("2026-11-18");
    // sent at 23:30 UTC = 00:30 on 3 Nov in Amsterdam: the shop's calendar counts
    expect(fourteenDayDeadline(new Date("2026-11-02T23:30:00Z"), "email", "Europe/Amsterdam")).toBe("2026-11-17");
  });

  it("accepts a notice naming the cost and the last day; refuses 'na dagtekening'", () => {
    const good = "Betaal € 120,00 uiterlijk op 16 november 2026. Daarna rekenen wij € 40,00 incassokosten.";
    expect(checkFourteenDayNotice(good, "€ 40,00", "16 november 2026")).toEqual({ valid: true, problems: [] });
    const bad = "Betaal binnen 14 dagen na dagtekening, anders volgen incassokosten.";
    expect(checkFourteenDayNotice(bad, "€ 40,00", "16 november 2026").problems).toEqual([
      "the exact collection cost amount is not named", "the last day of the 14-day term is not named",
      expect.stringContaining("invalid term wording"),
    ]);
  });
});

describe("consolidated collection costs over several orders", () => {
  it.each([
    // NL consumer: BIK over the summed principal, not 40 per order
    ["nl_consumer", [10_000, 10_000, 10_000], 4_500, [1_500, 1_500, 1_500], "summed_principal"],
    ["nl_consumer", [5_000, 5_000], 4_000, [2_000, 2_000], "summed_principal"],
    ["nl_consumer", [200_000, 100_000], 42_500, [28_334, 14_166], "summed_principal"],
    ["nl_consumer", [1_000], 4_000, [4_000], "summed_principal"],
    // 3 x 100 on their own would be 3 x 40 = 120
    ["nl_consumer", [10_000], 4_000, [4_000], "summed_principal"],
    // BE consumer: one damages amount over the summed balance
    ["be_consumer", [10_000, 10_000], 3_500, [1_750, 1_750], "summed_principal"],
    ["be_consumer", [40_000, 30_000, 30_000], 9_000, [3_600, 2_700, 2_700], "summed_principal"],
    // business: 40 per late invoice stays
    ["nl_business", [10_000, 20_000, 30_000], 12_000, [4_000, 4_000, 4_000], "per_invoice"],
    ["de_business", [100], 4_000, [4_000], "per_invoice"],
    ["de_consumer", [10_000, 10_000], 0, [0, 0], "none"],
    ["none", [10_000], 0, [0], "none"],
  ])("%s over %j: %i, split %j", (profile, principals, total, split, basis) => {
    const costs = consolidatedCollectionCosts(profile, principals, "EUR");
    expect(costs).toEqual({ totalMinor: total, perOrderMinor: split, basis });
    expect(costs.perOrderMinor.reduce((a, b) => a + b, 0)).toBe(costs.totalMinor);
  });

  it("names nothing in another currency", () => {
    expect(consolidatedCollectionCosts("nl_consumer", [10_000, 10_000], "USD").totalMinor).toBe(0);
  });

  it("splits any total exactly over any weights", () => {
    for (const [total, weights] of [[100, [1, 1, 1]], [4_500, [3_333, 3_333, 3_334]], [1, [5, 5]], [677_500, [1, 2, 3, 4, 5, 6, 7]]] as const) {
      const shares = splitProportionally(total, weights);
      expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
      expect(shares.every((s) => Number.isInteger(s) && s >= 0)).toBe(true);
    }
  });
});
