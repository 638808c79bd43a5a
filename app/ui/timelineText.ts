/** A timeline entry (an order's ledger event) in the merchant's words: the order page and the customer page. */
import type { Translate } from "../i18n";
import { channelName, stepName } from "./stepNames";
import { codeText } from "./codeText";

export type TimelineEntry = { kind: string; amountMinor: number; currency: string; detail: Record<string, unknown> };

/**
 * `day` shows a calendar date ("2026-06-21") in the merchant's words; without it the date stays as
 * stored.
 */
export function describeTimelineEntry(
  entry: TimelineEntry, t: Translate, money: (minor: number, currency: string) => string, day: (isoDate: string) => string = (date) => date,
): string {
  const d = entry.detail;
  switch (entry.kind) {
    case "order": return t("timeline.order", { status: codeText(t, "financialStatus", d.financialStatus), amount: money(entry.amountMinor, entry.currency) });
    case "payment": return t("timeline.payment", { amount: money(entry.amountMinor, entry.currency) });
    case "refund": return t("timeline.refund", { amount: money(entry.amountMinor, entry.currency) });
    case "message": return t("timeline.message", { step: stepName(String(d.stepKey ?? ""), t), channel: channelName(String(d.channel ?? ""), t), status: codeText(t, "messageStatus", d.status) })
      + (d.inMessage ? ` · ${t("timeline.inMessage")}` : "") + (d.error || d.reason ? ` (${String(d.error || d.reason)})` : "");
    case "promise": return t(`timeline.promise.${String(d.status)}` as "timeline.promise.open", { date: day(String(d.promisedFor ?? "").slice(0, 10)) });
    case "fee": return t("timeline.fee", { amount: money(entry.amountMinor, entry.currency), date: day(String(d.payBefore ?? "").slice(0, 10)) });
    case "dispute": return t("timeline.dispute", { status: String(d.status ?? ""), reason: String(d.reason ?? d.resolution ?? "") });
    case "note": return t("timeline.note", { note: String(d.note ?? "") });
    case "renewal": return t(`timeline.renewal.${String(d.event)}` as "timeline.renewal.failed", {
      code: errorCodeText(d.errorCode), retry: String(d.retry ?? ""), reason: String(d.reason ?? ""),
      outcome: d.outcome ? t(`renewal.outcome.${String(d.outcome)}` as "renewal.outcome.kept") : "",
    });
    default:
      if (d.arrangement) return t("timeline.arrangement", { status: String(d.status ?? "") });
      if (d.state) return t(`timeline.${String(d.state)}` as "timeline.handed_over");
      if (d.resumed) return t("timeline.resumed");
      return t("timeline.pause", { until: day(String(d.until ?? "").slice(0, 10)), reason: String(d.reason ?? "") });
  }
}

/** Shopify's billing error codes read as words ("insufficient_funds" -> "insufficient funds"). */
export function errorCodeText(code: unknown): string {
  return String(code ?? "").replaceAll("_", " ");
}
