/**
 * Why a request was refused, as a code with its figures: the customer reads it in their own
 * language (the customer page, Shopify's customer account), staff in theirs (the admin, Shopify's
 * admin blocks); the error's English message stays for logs.
 */
import type { WorkflowState } from "./scheduler";

/** What a payment arrangement proposal lacks before it can be considered at all. */
export type ProposalFault =
  | { code: "instalments"; min: number; max: number }
  | { code: "interval"; min: number; max: number }
  | { code: "first_payment"; days: number }
  | { code: "amount" };

export type Refusal =
  | { code: "unknown_order" }
  | { code: "unknown_action" }
  /** a reason worded for staff only */
  | { code: "not_possible" }
  | { code: "order_changed" }
  | { code: "workflow"; state: WorkflowState }
  | { code: "promise_no_date" }
  | { code: "promise_in_past" }
  | { code: "promise_too_far"; days: number }
  | { code: "dispute_reason" }
  | { code: "dispute_too_long"; max: number }
  | { code: "dispute_empty" }
  | { code: "dispute_wait" }
  | { code: "nothing_owed" }
  | { code: "arrangement_exists" }
  | { code: "arrangement_invalid"; faults: ProposalFault[] }
  | { code: "no_instalment_due" }
  | { code: "instalments_by_transfer" }
  | { code: "payment_page_unavailable" }
  // what staff are refused (the admin, Shopify's admin blocks, Flow actions)
  | { code: "unknown_customer" }
  | { code: "unknown_dispute" }
  | { code: "unknown_arrangement" }
  | { code: "not_followed" }
  | { code: "nothing_to_end" }
  | { code: "pause_reason_missing" }
  | { code: "pause_reason_too_long"; max: number }
  | { code: "pause_end_not_future" }
  | { code: "pause_too_long"; days: number }
  | { code: "not_open" }
  | { code: "note_empty" }
  | { code: "note_too_long"; max: number }
  | { code: "send_now_refused" }
  | { code: "credit_limit_amount" }
  | { code: "credit_limit_negative" }
  | { code: "no_advised_limit"; currency: string }
  | { code: "dispute_resolution" }
  | { code: "dispute_resolved" }
  | { code: "arrangement_decided" };

/** The codes a customer is told in their words; any other (a staff matter) reads to them as "not possible". */
const CUSTOMER_CODES = new Set<Refusal["code"]>([
  "unknown_order", "unknown_action", "not_possible", "order_changed", "workflow", "promise_no_date", "promise_in_past", "promise_too_far",
  "dispute_reason", "dispute_too_long", "dispute_empty", "dispute_wait", "nothing_owed", "arrangement_exists", "arrangement_invalid",
  "no_instalment_due", "instalments_by_transfer", "payment_page_unavailable",
]);

export function customerRefusal(refusal: Refusal | undefined): Refusal {
  return refusal && CUSTOMER_CODES.has(refusal.code) ? refusal : { code: "not_possible" };
}

/** An error whose reason a person reads: the English message for logs (and what has no code), the refusal for the reader's own words. */
export class RefusalError extends Error {
  constructor(message: string, readonly refusal?: Refusal) {
    super(message);
  }
}
