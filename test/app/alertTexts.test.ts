import { describe, expect, it } from "vitest";
import { translator } from "../../app/i18n";
import { strictAdminWords } from "../support/strictWords";
import { alertText, type AlertWords } from "../../app/i18n/alertTexts";
import { alertRow } from "../../app/services/insight/alerts";

const EVERY_ALERT: AlertWords[] = [
  { text: "first_overdue", name: "Fietsenhuis de Vries" }, { text: "first_overdue", name: null },
  { text: "over_limit", name: "Anna Jansen" },
  { text: "risk_rose", name: "Anna Jansen", level: "high", reasons: [{ code: "broken_promises", count: 2 }, { code: "over_credit_limit" }] },
  { text: "risk_rose", name: "Anna Jansen", level: "medium", reasons: [{ code: "average_days_late", days: 9 }] },
  { text: "arrangement_broken", order: "#1042", instalment: 2 }, { text: "arrangement_broken", order: "#1042", instalment: null },
  { text: "dispute_sla", order: "#1042" },
  { text: "promise_broken", order: "#1042", date: "2026-12-20" },
  { text: "bank_review", amountMinor: 12_550, currency: "EUR", from: "J. de Boer", order: "#1042" },
  { text: "bank_review", amountMinor: 12_550, currency: "EUR", from: null, order: null },
  { text: "screening", name: "Velo Service", source: "Creditsafe", kind: "vat_invalid", vatNumber: "BE0123456749", wasValid: true },
  { text: "screening", name: "Velo Service", source: null, kind: "vat_invalid", vatNumber: "BE0123456749", wasValid: false },
  { text: "screening", name: "Velo Service", source: "Creditsafe", kind: "score_dropped", from: 72, to: 31 },
  { text: "screening", name: "Velo Service", source: "Creditsafe", kind: "limit_lowered", fromMinor: 2_500_000, toMinor: 500_000, currency: "EUR" },
  { text: "screening", name: null, source: null, kind: "bureau_rating_high_risk", rating: "E" },
];

describe("alerts in the merchant's language", () => {
  it("the dashboard words an alert in the reader's language, dates and amounts in their format", () => {
    const promise: AlertWords = { text: "promise_broken", order: "#1042", date: "2026-12-20" };
    expect(alertText(promise, translator("nl"), "nl")).toBe("#1042: de belofte om op 20 dec 2026 te betalen is niet nagekomen; de herinneringen gaan weer door");
    const lowered: AlertWords = { text: "screening", name: "Velo Service", source: "Creditsafe", kind: "limit_lowered", fromMinor: 2_500_000, toMinor: 500_000, currency: "EUR" };
    expect(alertText(lowered, translator("de"), "de")).toBe("Creditsafe hat das empfohlene Kreditlimit für Velo Service von 25.000,00\u00a0€ auf 5.000,00\u00a0€ gesenkt");
    const rose: AlertWords = { text: "risk_rose", name: null, level: "high", reasons: [{ code: "open_disputes", count: 2 }] };
    expect(alertText(rose, translator("fr"), "fr")).toBe("un client présente maintenant un risque élevé : 2 litiges ouverts");
  });

  it("the stored row keeps the words beside the English text the daily digest sends; its kind is what the words say", () => {
    const row = alertRow({ shopId: "s", key: "k", words: { text: "bank_review", amountMinor: 12_550, currency: "EUR", from: "J. de Boer", order: "#1042" } }, new Date("2026-12-04T10:00:00Z"));
    expect(row).toMatchObject({ kind: "bank_review", message: "A transfer of €125.50 from J. de Boer may pay #1042: reminders wait a day; review it on the bank screen." });
    expect(JSON.parse(row.words)).toEqual({ text: "bank_review", amountMinor: 12_550, currency: "EUR", from: "J. de Boer", order: "#1042" });
  });

  it("every alert has its words in all four languages, none left as a key or a placeholder", () => {
    for (const { locale, t } of strictAdminWords()) {
      for (const alert of EVERY_ALERT) expect(alertText(alert, t, locale), `${locale} ${alert.text}`).not.toMatch(/alert\.|riskReason|[{}]|undefined|null/);
    }
  });
});
