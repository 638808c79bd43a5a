/**
 * Why a request about an order was refused, as a code with its figures: the customer reads it in
 * their own language (the customer page, Shopify's customer account), staff read the error's
 * English message as before.
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
  | { code: "payment_page_unavailable" };

/** An error whose reason a customer may read: the English message for staff and logs, the refusal for the customer's words. */
export class RefusalError extends Error {
  constructor(message: string, readonly refusal?: Refusal) {
    super(message);
  }
}
