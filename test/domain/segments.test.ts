import { describe, expect, it } from "vitest";
import { segmentFor, type SegmentFacts, type SegmentRule } from "../../app/domain/segments";

const facts = (over: Partial<SegmentFacts> = {}): SegmentFacts => ({
  riskLevel: "low", isCompany: false, countryCode: "NL", tags: [], orderCount: 3, orderValueMinor: 5_000, lateProbability: null, creditScore: null, receivableKind: "order", ...over,
});
const segments: SegmentRule[] = [
  { id: "default", conditions: [], isDefault: true },
  { id: "b2b", conditions: [{ field: "isCompany", equals: true }], isDefault: false },
  { id: "risky-big", conditions: [{ field: "riskLevel", in: ["high"] }, { field: "orderValueMinor", min: 50_000 }], isDefault: false },
  { id: "belgium", conditions: [{ field: "countryCode", in: ["BE"] }], isDefault: false },
  { id: "vip", conditions: [{ field: "tags", includes: "VIP" }], isDefault: false },
];

describe("segments", () => {
  it.each([
    [facts(), "default"], [facts({ isCompany: true }), "b2b"], [facts({ isCompany: true, countryCode: "BE" }), "b2b"],
    [facts({ riskLevel: "high", orderValueMinor: 60_000 }), "risky-big"], [facts({ riskLevel: "high" }), "default"],
    [facts({ countryCode: "BE" }), "belgium"], [facts({ tags: ["vip"] }), "vip"], [facts({ countryCode: null }), "default"],
  ])("%o -> %s (first match wins, default last)", (input, id) => {
    expect(segmentFor(segments, input).id).toBe(id);
  });

  it("needs a default segment", () => {
    expect(() => segmentFor(segments.slice(1), facts())).toThrow(/default segment/);
  });
});

describe("a segment by the late-payment prediction", () => {
  const rules: SegmentRule[] = [
    { id: "default", conditions: [], isDefault: true },
    { id: "likely-late", conditions: [{ field: "lateProbability", min: 0.6 }], isDefault: false },
  ];
  it("takes receivables predicted at least that likely to be paid late; none before the first forecast", () => {
    expect(segmentFor(rules, facts({ lateProbability: 0.6 })).id).toBe("likely-late");
    expect(segmentFor(rules, facts({ lateProbability: 0.59 })).id).toBe("default");
    expect(segmentFor(rules, facts({ lateProbability: null })).id).toBe("default");
  });
});

describe("a segment by the credit bureau's score", () => {
  const rules: SegmentRule[] = [
    { id: "default", conditions: [], isDefault: true },
    { id: "weak-credit", conditions: [{ field: "creditScore", max: 40 }], isDefault: false },
  ];
  it("takes customers scored at most that; never a customer the bureau has not scored", () => {
    expect(segmentFor(rules, facts({ creditScore: 40 })).id).toBe("weak-credit");
    expect(segmentFor(rules, facts({ creditScore: 41 })).id).toBe("default");
    expect(segmentFor(rules, facts({ creditScore: null })).id).toBe("default");
  });
});

describe("a segment for failed subscription renewals", () => {
  const rules: SegmentRule[] = [
    { id: "default", conditions: [], isDefault: true },
    { id: "renewals", conditions: [{ field: "receivableKind", equals: "renewal" }], isDefault: false },
    { id: "b2b", conditions: [{ field: "isCompany", equals: true }], isDefault: false },
  ];

  it("takes the renewals, whoever the customer, and leaves the orders to the other rules", () => {
    expect(segmentFor(rules, facts({ receivableKind: "renewal" })).id).toBe("renewals");
    expect(segmentFor(rules, facts({ receivableKind: "renewal", isCompany: true })).id).toBe("renewals");
    expect(segmentFor(rules, facts({ isCompany: true })).id).toBe("b2b");
    expect(segmentFor(rules, facts()).id).toBe("default");
  });
});
