import { describe, expect, it } from "vitest";
import { translator } from "../../app/i18n";
import { strictAdminWords } from "../support/strictWords";
import { assessRisk, behaviourProfile, DEFAULT_RISK_RULES, type RiskReason } from "../../app/domain/risk";
import { riskReasonsText, riskReasonText } from "../../app/i18n/riskReasons";
import { localeTranslator } from "../../extensions/dunly-admin/src/localeText";

const EVERY_REASON: RiskReason[] = [
  { code: "average_days_late", days: 9 }, { code: "worst_days_late", days: 69 },
  { code: "broken_arrangements", count: 1 }, { code: "broken_arrangements", count: 2 },
  { code: "open_disputes", count: 1 }, { code: "open_disputes", count: 3 },
  { code: "broken_promises", count: 1 }, { code: "broken_promises", count: 2 },
  { code: "over_credit_limit" }, { code: "vat_not_registered" },
  { code: "bureau", score: 58, rating: "B", source: "Creditsafe" }, { code: "bureau", score: 25, rating: null, source: null },
  { code: "bureau", score: null, rating: "E", source: "Creditsafe" },
];

describe("why a customer is a risk, in the merchant's words", () => {
  it("a customer's reasons read in the screen's language, with their figures and the right number", () => {
    const now = new Date("2026-11-23T12:00:00Z");
    const history = [
      { dueAt: new Date("2026-09-01"), paidAt: new Date("2026-09-11"), status: "paid" as const, outstandingMinor: 0 },
      { dueAt: new Date("2026-09-15"), paidAt: null, status: "open" as const, outstandingMinor: 12_000 },
    ];
    const risk = assessRisk(behaviourProfile(history, 2, 1, now), DEFAULT_RISK_RULES, 10_000, { vatStatus: "invalid", bureauScore: null, bureauRating: null });
    expect(riskReasonsText(risk.reasons, translator("en"))).toBe(
      "VAT number not registered (VIES); pays 40 days late on average; one payment 70 days late; 1 broken payment arrangement; open amount above the credit limit; 2 open disputes",
    );
    expect(riskReasonsText(risk.reasons, translator("nl"))).toBe(
      "btw-nummer niet geregistreerd (VIES); betaalt gemiddeld 40 dagen te laat; één betaling 70 dagen te laat; 1 betalingsregeling niet nagekomen; openstaand bedrag boven de kredietlimiet; 2 open geschillen",
    );
    expect(riskReasonText({ code: "bureau", score: 25, rating: null, source: null }, translator("de"))).toBe("Score 25 von 100 (Auskunftei)");
    expect(riskReasonText({ code: "bureau", score: 15, rating: "E", source: "Creditsafe" }, translator("fr"))).toBe("score 15 sur 100, note E (Creditsafe)");
  });

  it("every reason has its words in every language of the app and of the admin extension, none left as a key or a placeholder", () => {
    for (const { locale, t } of strictAdminWords()) {
      const extension = localeTranslator(locale); // throws on a missing text itself
      for (const reason of EVERY_REASON) {
        expect(riskReasonText(reason, t), `${locale} ${reason.code}`).not.toMatch(/riskReason|[{}]/);
        expect(riskReasonText(reason, extension), `extension ${locale} ${reason.code}`).not.toMatch(/riskReason|[{}]/);
      }
    }
  });
});
