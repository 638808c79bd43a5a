import { describe, expect, it } from "vitest";
import { mergeScreening, screeningChanges, screeningRiskReasons, suggestedCreditLimit, type ScreeningState } from "../../app/domain/screening/screening";
import { assessRisk, behaviourProfile, DEFAULT_RISK_RULES } from "../../app/domain/risk";

const monday = new Date("2026-12-07T09:00:00Z");
const later = new Date("2027-01-06T09:00:00Z");
const blank: ScreeningState = {
  vatNumber: null, vatStatus: null, vatCheckedAt: null, vatRegisteredName: null, vatRegisteredAddress: null,
  bureauStatus: null, bureauSource: null, bureauCompanyId: null, bureauCompanyName: null, bureauScore: null, bureauRating: null,
  bureauLimitMinor: null, bureauLimitCurrency: null, bureauCheckedAt: null,
};
const found = (score: number, rating: "A" | "B" | "C" | "D" | "E", limit: number) => ({
  source: "Creditsafe", answer: { status: "found" as const, companyId: "NL-X-123", companyName: "Fietsenhuis B.V.", score, rating, limitAdvice: { minor: limit, currency: "EUR" } },
});

describe("merging a screening with what was known", () => {
  const first = mergeScreening(blank, "NL810462215B01", { status: "valid", name: "FIETSENHUIS B.V.", address: "AMSTERDAM" }, found(72, "A", 5_000_000), monday);

  it("keeps both answers with their dates and the bureau named", () => {
    expect(first).toMatchObject({
      vatNumber: "NL810462215B01", vatStatus: "valid", vatCheckedAt: monday, vatRegisteredName: "FIETSENHUIS B.V.",
      bureauStatus: "found", bureauSource: "Creditsafe", bureauScore: 72, bureauRating: "A", bureauLimitMinor: 5_000_000, bureauLimitCurrency: "EUR", bureauCheckedAt: monday,
    });
  });

  it("a provider that is down changes nothing known", () => {
    const again = mergeScreening(first, "NL810462215B01", { status: "unknown", reason: "VIES: MS_UNAVAILABLE" }, { source: "Creditsafe", answer: { status: "unknown", reason: "HTTP 503" } }, later);
    expect(again).toEqual(first);
  });

  it("unknown is recorded where nothing was known; a new VAT number starts over", () => {
    expect(mergeScreening(blank, "BE0123456749", { status: "unknown", reason: "x" }, { source: "Creditsafe", answer: { status: "unknown", reason: "y" } }, monday))
      .toMatchObject({ vatStatus: "unknown", vatCheckedAt: monday, bureauStatus: "unknown" });
    expect(mergeScreening(first, "DE811907980", null, null, later)).toMatchObject({ vatNumber: "DE811907980", vatStatus: null, vatRegisteredName: null, bureauScore: 72 });
  });

  it("a company the bureau no longer knows loses its figures", () => {
    expect(mergeScreening(first, "NL810462215B01", null, { source: "Creditsafe", answer: { status: "not_found" } }, later))
      .toMatchObject({ bureauStatus: "not_found", bureauScore: null, bureauLimitMinor: null, bureauCheckedAt: later });
  });
});

describe("changes for the worse", () => {
  const before = mergeScreening(blank, "NL810462215B01", { status: "valid", name: null, address: null }, found(72, "A", 5_000_000), monday);

  it("a deregistered VAT number, a score drop of at least N, a lower advised limit, a high-risk rating", () => {
    const after = mergeScreening(before, "NL810462215B01", { status: "invalid" }, found(18, "E", 1_000_000), later);
    expect(screeningChanges(before, after, 10)).toEqual([
      { kind: "vat_invalid", vatNumber: "NL810462215B01", wasValid: true },
      { kind: "score_dropped", from: 72, to: 18 },
      { kind: "limit_lowered", fromMinor: 5_000_000, toMinor: 1_000_000, currency: "EUR" },
      { kind: "bureau_rating_high_risk", rating: "E" },
    ]);
  });

  it("nothing when the same answers come again, or the score drops less than N", () => {
    expect(screeningChanges(before, mergeScreening(before, "NL810462215B01", { status: "valid", name: null, address: null }, found(72, "A", 5_000_000), later), 10)).toEqual([]);
    expect(screeningChanges(before, mergeScreening(before, "NL810462215B01", null, found(63, "B", 5_000_000), later), 10)).toEqual([]);
    expect(screeningChanges(before, mergeScreening(before, "NL810462215B01", null, found(62, "B", 5_000_000), later), 10)).toEqual([{ kind: "score_dropped", from: 72, to: 62 }]);
  });

  it("a first screening that finds an unregistered number says so (not as a change from valid)", () => {
    expect(screeningChanges(blank, mergeScreening(blank, "NL999999999B01", { status: "invalid" }, null, monday), 10))
      .toEqual([{ kind: "vat_invalid", vatNumber: "NL999999999B01", wasValid: false }]);
  });
});

describe("the screening in the risk level", () => {
  const spotless = behaviourProfile([], 0, 0, monday);

  it("an unregistered VAT number or a very weak bureau score is high risk, a weak one medium, each reason naming its source", () => {
    expect(screeningRiskReasons({ vatStatus: "invalid", bureauScore: null, bureauRating: null })).toEqual({ high: [{ code: "vat_not_registered" }], medium: [] });
    expect(screeningRiskReasons({ vatStatus: "valid", bureauScore: 15, bureauRating: "E", bureauSource: "Creditsafe" })).toEqual({ high: [{ code: "bureau", score: 15, rating: "E", source: "Creditsafe" }], medium: [] });
    expect(screeningRiskReasons({ vatStatus: null, bureauScore: 25, bureauRating: "D", bureauSource: "Creditsafe" })).toEqual({ high: [], medium: [{ code: "bureau", score: 25, rating: "D", source: "Creditsafe" }] });
    expect(screeningRiskReasons({ vatStatus: "valid", bureauScore: 72, bureauRating: "A" })).toEqual({ high: [], medium: [] });
    expect(assessRisk(spotless, DEFAULT_RISK_RULES, null, { vatStatus: "invalid", bureauScore: null, bureauRating: null }).level).toBe("high");
    expect(assessRisk(spotless, DEFAULT_RISK_RULES, null, { vatStatus: null, bureauScore: 25, bureauRating: "D" }).level).toBe("medium");
    expect(assessRisk(spotless, DEFAULT_RISK_RULES, null).level).toBe("low");
  });

  it("suggests the advised limit only in the shop's own currency", () => {
    expect(suggestedCreditLimit({ bureauLimitMinor: 5_000_000, bureauLimitCurrency: "EUR" }, "EUR")).toBe(5_000_000);
    expect(suggestedCreditLimit({ bureauLimitMinor: 5_000_000, bureauLimitCurrency: "GBP" }, "EUR")).toBeNull();
    expect(suggestedCreditLimit({ bureauLimitMinor: null, bureauLimitCurrency: null }, "EUR")).toBeNull();
  });
});
