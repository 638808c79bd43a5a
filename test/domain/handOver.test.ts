import { describe, expect, it } from "vitest";
import { claimStatement, type ClaimInput } from "../../app/domain/handOver";

const base: ClaimInput = {
  legalProfile: "nl_consumer", currency: "EUR", principalMinor: 100_000,
  dueAt: new Date("2025-08-01T00:00:00Z"), until: new Date("2025-08-31T00:00:00Z"), announcedCostsMinor: null,
};

describe("the claim handed over to a collection agency", () => {
  it("NL consumer: statutory interest and the collection costs the 14-day letter announced", () => {
    // 30 days at 6% on 1,000.00 = 4.93
    expect(claimStatement({ ...base, announcedCostsMinor: 15_000 })).toEqual({
      principalMinor: 100_000, interestMinor: 493, interestBasis: "wettelijke rente, art. 6:119 BW",
      collectionCostsMinor: 15_000, collectionCostsBasis: "announced in a reminder", totalMinor: 115_493,
    });
  });

  it("NL consumer without an announcement: no collection costs can be claimed", () => {
    expect(claimStatement(base)).toMatchObject({ collectionCostsMinor: 0, collectionCostsBasis: null, totalMinor: 100_493 });
  });

  it("businesses: commercial interest and the flat 40 euro without notice", () => {
    expect(claimStatement({ ...base, legalProfile: "nl_business" })).toMatchObject({
      interestMinor: 834, collectionCostsMinor: 4_000, totalMinor: 104_834,
      collectionCostsBasis: expect.stringContaining("2011/7/EU"),
    });
    // DE: base rate 1.27 + 9
    expect(claimStatement({ ...base, legalProfile: "de_business" })).toMatchObject({ interestMinor: 844, collectionCostsMinor: 4_000 });
  });

  it("no statutory euro interest on another currency or without a legal profile", () => {
    expect(claimStatement({ ...base, currency: "USD", legalProfile: "nl_business" })).toMatchObject({
      interestMinor: null, interestBasis: null, collectionCostsMinor: 0, totalMinor: 100_000,
    });
    expect(claimStatement({ ...base, legalProfile: "none", announcedCostsMinor: 2_500 })).toMatchObject({
      interestMinor: null, collectionCostsMinor: 2_500, totalMinor: 102_500,
    });
  });

  it("a due date before the oldest rate on file leaves the interest to the agency instead of guessing", () => {
    expect(claimStatement({ ...base, dueAt: new Date("2023-06-01T00:00:00Z") })).toMatchObject({
      interestMinor: null, interestBasis: expect.stringContaining("no rate on file"), totalMinor: 100_000,
    });
  });
});
