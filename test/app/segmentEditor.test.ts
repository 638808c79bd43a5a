import { describe, expect, it } from "vitest";
import { conditionsFrom, type SegmentForm } from "../../app/services/followUp/segmentEditor";
import { asCurrency } from "../../app/domain/money";

const form = (over: Partial<SegmentForm>): SegmentForm => ({
  id: null, name: "x", riskLevels: [], company: "any", countries: "", tag: "", minOrderValue: "", maxOrderValue: "", steps: [], ...over,
});

describe("the segment editor's rule on the late-payment forecast", () => {
  it("takes a whole percentage from 1 to 99 as a probability", () => {
    expect(conditionsFrom(form({ minLateChance: "60" }), asCurrency("EUR"))).toEqual({ conditions: [{ field: "lateProbability", min: 0.6 }], errors: [] });
    expect(conditionsFrom(form({ minLateChance: " " }), asCurrency("EUR"))).toEqual({ conditions: [], errors: [] });
  });

  it("refuses nonsense with a clear error and no rule", () => {
    for (const nonsense of ["0", "100", "60.5", "-5", "sixty", "1e2"]) {
      const result = conditionsFrom(form({ minLateChance: nonsense }), asCurrency("EUR"));
      expect(result.conditions, nonsense).toEqual([]);
      expect(result.errors, nonsense).toEqual(["the chance of paying late is a whole percentage from 1 to 99"]);
    }
  });
});

describe("the segment editor's rule on the credit bureau's score", () => {
  it("takes a whole number from 1 to 100 as the highest score", () => {
    expect(conditionsFrom(form({ maxCreditScore: "40" }), asCurrency("EUR"))).toEqual({ conditions: [{ field: "creditScore", max: 40 }], errors: [] });
    expect(conditionsFrom(form({ maxCreditScore: "" }), asCurrency("EUR"))).toEqual({ conditions: [], errors: [] });
  });

  it("refuses nonsense with a clear error and no rule", () => {
    for (const nonsense of ["0", "101", "40.5", "-5", "forty"]) {
      const result = conditionsFrom(form({ maxCreditScore: nonsense }), asCurrency("EUR"));
      expect(result.conditions, nonsense).toEqual([]);
      expect(result.errors, nonsense).toEqual(["the credit score is a whole number from 1 to 100"]);
    }
  });
});
