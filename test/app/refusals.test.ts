import { describe, expect, it } from "vitest";
import { customerTexts } from "../../app/i18n/customer";
import { strictAdminWords, strictCustomerWords } from "../support/strictWords";
import { refusalText, refusedText } from "../../app/i18n/refusals";
import { translator } from "../../app/i18n";
import { localeTranslator } from "../../extensions/dunly-admin/src/localeText";
import { customerRefusal, type Refusal } from "../../app/domain/refusals";
import { judgeProposal } from "../../app/domain/arrangements";

const CUSTOMER_REFUSALS: Refusal[] = [
  { code: "unknown_order" }, { code: "unknown_action" }, { code: "not_possible" }, { code: "order_changed" },
  ...(["disputed", "in_arrangement", "handed_over", "written_off"] as const).map((state) => ({ code: "workflow" as const, state })),
  { code: "promise_no_date" }, { code: "promise_in_past" }, { code: "promise_too_far", days: 14 },
  { code: "dispute_reason" }, { code: "dispute_too_long", max: 2000 }, { code: "dispute_empty" }, { code: "dispute_wait" },
  { code: "nothing_owed" }, { code: "arrangement_exists" },
  { code: "arrangement_invalid", faults: [{ code: "instalments", min: 2, max: 24 }, { code: "interval", min: 7, max: 92 }, { code: "first_payment", days: 60 }, { code: "amount" }] },
  { code: "no_instalment_due" }, { code: "instalments_by_transfer" }, { code: "payment_page_unavailable" },
];

const EVERY_REFUSAL: Refusal[] = [
  ...CUSTOMER_REFUSALS,
  { code: "unknown_customer" }, { code: "unknown_dispute" }, { code: "unknown_arrangement" }, { code: "not_followed" }, { code: "nothing_to_end" },
  { code: "pause_reason_missing" }, { code: "pause_reason_too_long", max: 500 }, { code: "pause_end_not_future" }, { code: "pause_too_long", days: 366 },
  { code: "not_open" }, { code: "note_empty" }, { code: "note_too_long", max: 2000 }, { code: "send_now_refused" },
  { code: "credit_limit_amount" }, { code: "credit_limit_negative" }, { code: "no_advised_limit", currency: "EUR" },
  { code: "dispute_resolution" }, { code: "dispute_resolved" }, { code: "arrangement_decided" },
];

describe("a refused request in the customer's language", () => {
  it("names what is wrong with the figures the shop's rules set", () => {
    const now = new Date("2026-12-04T10:00:00Z");
    const verdict = judgeProposal({ totalMinor: 30_000, instalments: 30, intervalDays: 3, firstDueAt: now }, { maxInstalments: 6, minInstalmentMinor: 1000, maxDurationDays: 180, graceDays: 3 }, now);
    if (verdict.kind !== "invalid") throw new Error(`expected an invalid proposal, got ${verdict.kind}`);
    const refusal: Refusal = { code: "arrangement_invalid", faults: verdict.faults };
    expect(refusalText(refusal, customerTexts("en"))).toBe("the proposal needs between 2 and 24 instalments, an interval between 7 and 92 days");
    expect(refusalText(refusal, customerTexts("nl"))).toBe("het voorstel heeft nodig: tussen 2 en 24 termijnen, een tussenpoos van 7 tot 92 dagen");
    expect(refusalText({ code: "workflow", state: "handed_over" }, customerTexts("fr"))).toBe("cette commande a été confiée à une société de recouvrement ; veuillez la contacter");
  });

  it("every refusal a customer may meet has their words in all four languages; a staff matter reads to them as not possible", () => {
    for (const { locale, t } of strictCustomerWords()) {
      for (const refusal of CUSTOMER_REFUSALS) expect(refusalText(customerRefusal(refusal), t), `${locale} ${refusal.code}`).not.toMatch(/refusal\.|[{}]|undefined/);
    }
    expect(customerRefusal({ code: "note_empty" })).toEqual({ code: "not_possible" });
    expect(customerRefusal(undefined)).toEqual({ code: "not_possible" });
    expect(customerRefusal({ code: "promise_too_far", days: 14 })).toEqual({ code: "promise_too_far", days: 14 });
  });

  it("every refusal has the merchant's words in all four languages of the admin and of its Shopify blocks", () => {
    for (const { locale, t } of strictAdminWords()) {
      const extension = localeTranslator(locale); // throws on a missing text itself
      for (const refusal of EVERY_REFUSAL) {
        expect(refusalText(refusal, t), `${locale} ${refusal.code}`).not.toMatch(/refusal\.|[{}]|undefined/);
        expect(refusalText(refusal, extension), `extension ${locale} ${refusal.code}`).not.toMatch(/refusal\.|[{}]|undefined/);
      }
    }
    expect(refusalText({ code: "pause_too_long", days: 366 }, translator("nl"))).toBe("een pauze duurt hoogstens 366 dagen");
    expect(refusedText({ error: "a reason with no code" }, translator("de"))).toBe("a reason with no code");
  });
});
