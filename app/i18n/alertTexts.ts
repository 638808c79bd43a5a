/**
 * An alert's words: what happened as a code with its figures, stored with the alert and worded
 * where it is read (the dashboard and the daily digest in the merchant's language; the English
 * text kept beside it is what alerts raised before the words were kept show).
 */
import type { RiskLevel } from "../domain/segments";
import type { RiskReason } from "../domain/risk";
import type { ScreeningChange } from "../domain/screening/screening";
import { formatMoney, type CurrencyCode } from "../domain/money";
import { riskReasonsText } from "./riskReasons";
import { dayText } from "./dates";
import type { Words } from "./words";

/** name: the customer's as shown (null: a customer without one) */
export type AlertWords =
  | { text: "first_overdue"; name: string | null }
  | { text: "over_limit"; name: string | null }
  | { text: "risk_rose"; name: string | null; level: Exclude<RiskLevel, "low">; reasons: RiskReason[] }
  | { text: "arrangement_broken"; order: string; instalment: number | null }
  | { text: "dispute_sla"; order: string }
  /** date: the promised calendar day, YYYY-MM-DD */
  | { text: "promise_broken"; order: string; date: string }
  | { text: "bank_review"; amountMinor: number; currency: string; from: string | null; order: string | null }
  | ({ text: "screening"; name: string | null; source: string | null } & ScreeningChange);

export function alertText<K extends string>(words: AlertWords, t: Words<K>, locale: string): string {
  const say = (key: string, values?: Record<string, string | number>) => t(`alert.${key}` as K, values);
  const money = (minor: number, currency: string) => formatMoney(minor, currency as CurrencyCode, locale);
  const name = "name" in words ? words.name ?? say("aCustomer") : "";
  switch (words.text) {
    case "first_overdue":
    case "over_limit":
      return say(words.text, { name });
    case "risk_rose":
      return say(`risk_rose.${words.level}`, { name, reasons: riskReasonsText(words.reasons, t) });
    case "arrangement_broken":
      return words.instalment === null ? say("arrangement_broken", { order: words.order }) : say("arrangement_broken_missed", { order: words.order, instalment: words.instalment });
    case "dispute_sla":
      return say("dispute_sla", { order: words.order });
    case "promise_broken":
      return say("promise_broken", { order: words.order, date: dayText(words.date, locale) });
    case "bank_review": {
      const values = { amount: money(words.amountMinor, words.currency), from: words.from ?? "", order: words.order ?? say("anOrder") };
      return say(words.from ? "bank_review_from" : "bank_review", values);
    }
    case "screening":
      return screeningText(words, name, say, money);
  }
}

function screeningText(
  words: Extract<AlertWords, { text: "screening" }>, name: string, say: (key: string, values?: Record<string, string | number>) => string, money: (minor: number, currency: string) => string,
): string {
  const source = words.source ?? say("aBureau");
  switch (words.kind) {
    case "vat_invalid":
      return say(words.wasValid ? "vat_no_longer_registered" : "vat_not_registered", { name, number: words.vatNumber });
    case "score_dropped":
      return say("score_dropped", { name, source, from: words.from, to: words.to });
    case "limit_lowered":
      return say("limit_lowered", { name, source, from: money(words.fromMinor, words.currency), to: money(words.toMinor, words.currency) });
    case "bureau_rating_high_risk":
      return say("rating_high_risk", { name, source, rating: words.rating });
  }
}
