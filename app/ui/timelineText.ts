/** A timeline entry (an order's ledger event) in the merchant's words: the order page and the customer page. */
import type { MessageKey, Translate } from "../i18n";
import { channelName, stepName } from "./stepNames";

export type TimelineEntry = { kind: string; amountMinor: number; currency: string; detail: Record<string, unknown> };

export function describeTimelineEntry(entry: TimelineEntry, t: Translate, money: (minor: number, currency: string) => string): string {
  const d = entry.detail;
  switch (entry.kind) {
    case "order": return t("timeline.order", { status: String(d.financialStatus ?? ""), amount: money(entry.amountMinor, entry.currency) });
    case "payment": return t("timeline.payment", { amount: money(entry.amountMinor, entry.currency) });
    case "refund": return t("timeline.refund", { amount: money(entry.amountMinor, entry.currency) });
    case "message": return t("timeline.message", { step: stepName(String(d.stepKey ?? ""), t), channel: channelName(String(d.channel ?? ""), t), status: messageStatusName(String(d.status ?? ""), t) })
      + (d.inMessage ? ` · ${t("timeline.inMessage")}` : "") + (d.error || d.reason ? ` (${String(d.error || d.reason)})` : "");
    case "promise": return t(`timeline.promise.${String(d.status)}` as "timeline.promise.open", { date: String(d.promisedFor ?? "") });
    case "fee": return t("timeline.fee", { amount: money(entry.amountMinor, entry.currency), date: String(d.payBefore ?? "") });
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
      return t("timeline.pause", { until: String(d.until ?? "").slice(0, 10), reason: String(d.reason ?? "") });
  }
}

/** A message's status as the messages list shows it ("outbox" -> "Outbox"); a status without a text as it is. */
function messageStatusName(status: string, t: Translate): string {
  const key = `messageStatus.${status}` as MessageKey;
  const text = t(key);
  return text === key ? status : text;
}

/** Shopify's billing error codes read as words ("insufficient_funds" -> "insufficient funds"). */
export function errorCodeText(code: unknown): string {
  return String(code ?? "").replaceAll("_", " ");
}
