/**
 * A staff task's words: what to do as a code with its figures, stored with the task and worded on
 * the tasks screen in the merchant's language (the title kept beside it in English, for the export
 * and tasks made before the words were kept).
 */
import type { ApprovalReason } from "../domain/arrangements";
import { formatMoney, type CurrencyCode } from "../domain/money";
import type { Words } from "./words";

export type TaskWords =
  | { text: "arrangement_approval"; order: string; reasons: ApprovalReason[] }
  | { text: "arrangement_broken"; order: string; instalment: number | null }
  | { text: "dispute_sla"; order: string }
  | { text: "check_payment"; order: string }
  | { text: "call"; order: string }
  | { text: "hand_over"; order: string; amountMinor: number; currency: string }
  /** one letter for all of a customer's orders in a run */
  | { text: "letter"; orders: string[] }
  /** reason: the email provider's or the carrier's own words */
  | { text: "bounced" | "complained" | "delivery_failed"; order: string; reason: string };

export function taskText<K extends string>(words: TaskWords, t: Words<K>, locale: string): string {
  const say = (key: string, values?: Record<string, string | number>) => t(`task.${key}` as K, values);
  switch (words.text) {
    case "arrangement_approval":
      return say("arrangement_approval", { order: words.order, reasons: words.reasons.map((reason) => approvalReasonText(reason, say)).join(", ") });
    case "arrangement_broken":
      return words.instalment === null ? say("arrangement_broken", { order: words.order }) : say("arrangement_broken_missed", { order: words.order, instalment: words.instalment });
    case "hand_over":
      return say("hand_over", { order: words.order, amount: formatMoney(words.amountMinor, words.currency as CurrencyCode, locale) });
    case "letter":
      return say("letter", { order: words.orders.join(", ") });
    case "bounced":
    case "complained":
    case "delivery_failed":
      return say(words.text, { order: words.order, reason: words.reason });
    default:
      return say(words.text, { order: words.order });
  }
}

function approvalReasonText(reason: ApprovalReason, say: (key: string, values?: Record<string, string | number>) => string): string {
  switch (reason.code) {
    case "more_instalments":
      return say("approval.more_instalments", { max: reason.max });
    case "longer":
      return say("approval.longer", { days: reason.days });
    case "instalment_below_minimum":
      return say("approval.instalment_below_minimum");
  }
}
