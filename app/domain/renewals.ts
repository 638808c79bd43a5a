/**
 * Failed subscription renewals: a charge of a subscription contract that Shopify could not take.
 * Each becomes a receivable of kind "renewal" (keyed on contract and billing cycle) and gets a
 * recovery: retries on the days the merchant set, a request to update the payment method where a
 * retry cannot work, and the merchant's final rule when the last retry failed.
 */
import type { OrderSnapshot } from "./ledger";
import type { CurrencyCode } from "./money";
import { addDays } from "./time";
import type { FieldProblem, FieldProblems } from "./fieldProblems";

export const RECEIVABLE_KINDS = ["order", "renewal"] as const;
export type ReceivableKind = (typeof RECEIVABLE_KINDS)[number];

/** The receivable key of a contract's billing cycle (stored where an order's gid would be). */
export function renewalKey(contractGid: string, cycleIndex: number): string {
  return `${contractGid}?cycle=${cycleIndex}`;
}

export function receivableKindOf(orderGid: string): ReceivableKind {
  return orderGid.startsWith("gid://shopify/SubscriptionContract/") ? "renewal" : "order";
}

export interface FailedCharge {
  contractGid: string;
  cycleIndex: number;
  /** the billing date of the cycle: the renewal was due then */
  cycleDate: Date;
  /** when Shopify tried: the newest attempt's view wins, as an order's updated_at does */
  attemptedAt: Date;
  originOrderName: string | null;
  /** the subscription's first order: the order Shopify Flow hears of when the renewal is followed up */
  originOrderGid: string | null;
  currency: CurrencyCode;
  amountMinor: number;
  customerGid: string | null;
  /** 3-D Secure: where the customer confirms the charge (their way to pay it) */
  challengeUrl: string | null;
}

/** The renewal as the ledger's snapshot: owed in full from its billing date until a charge succeeds. */
export function renewalSnapshot(charge: FailedCharge): OrderSnapshot {
  const contractNumber = charge.contractGid.split("/").pop();
  return {
    orderGid: renewalKey(charge.contractGid, charge.cycleIndex),
    orderName: `${charge.originOrderName ?? `#S${contractNumber}`}-R${charge.cycleIndex}`,
    currency: charge.currency,
    issuedAt: charge.cycleDate,
    updatedAt: charge.attemptedAt,
    totalMinor: charge.amountMinor,
    outstandingMinor: charge.amountMinor,
    financialStatus: "pending",
    cancelledAt: null,
    paymentTerms: { gid: null, name: "Subscription renewal", type: "RECEIPT", dueInDays: 0, nextDueAt: charge.cycleDate },
    customerGid: charge.customerGid,
    paymentUrl: charge.challengeUrl,
    test: false,
  };
}

/**
 * What a failure says about retrying (Shopify's SubscriptionBillingAttemptErrorCode, lower case):
 * - retry: the same card may work another day (funds, a decline, a passing error, stock)
 * - after_update: this payment method cannot be charged as it is: retrying only adds declines
 * - customer_action: the bank wants the customer to confirm (3-D Secure): their link, not a retry
 * - never: retrying cannot help (fraud suspected, no customer, a test shop)
 */
export type RetryClass = "retry" | "after_update" | "customer_action" | "never";

const AFTER_UPDATE = new Set([
  "expired_payment_method", "invalid_payment_method", "payment_method_not_found", "buyer_canceled_payment_method",
  "card_number_incorrect", "payment_method_incompatible_with_gateway_config", "invalid_customer_billing_agreement",
]);
const NEVER = new Set([
  "fraud_suspected", "customer_not_found", "customer_invalid", "invoice_already_paid", "test_mode", "amount_too_small",
  "purchase_type_not_supported", "free_gift_card_not_allowed", "non_test_order_limit_reached", "payment_provider_is_not_enabled",
  "invalid_shipping_address",
]);

export function retryClass(errorCode: string): RetryClass {
  if (AFTER_UPDATE.has(errorCode)) return "after_update";
  if (errorCode === "authentication_error" || errorCode === "authentication_required") return "customer_action";
  if (NEVER.has(errorCode)) return "never";
  return "retry";
}

export const FINAL_ACTIONS = ["keep", "pause", "cancel"] as const;
export type FinalAction = (typeof FINAL_ACTIONS)[number];

export interface RecoveryPolicy {
  /** days after the first failure on which the charge is tried again, increasing */
  retryDays: number[];
  /** after the last retry failed: keep the renewal as debt, or pause / cancel the contract (the renewal is then not owed) */
  finalAction: FinalAction;
}

const MAX_RETRIES = 8;
const MAX_RETRY_DAY = 60;

/** "1, 3, 7" -> [1, 3, 7]; the problem when it is not a short increasing list of days. */
export function parseRetryDays(text: string): { days: number[] } | { problem: FieldProblem } {
  const parts = text.split(",").map((p) => p.trim()).filter((p) => p !== "");
  if (parts.length > MAX_RETRIES) return { problem: { code: "retries_at_most", max: MAX_RETRIES } };
  const days = parts.map(Number);
  if (days.some((d, i) => !/^\d+$/.test(parts[i]) || d < 1 || d > MAX_RETRY_DAY)) return { problem: { code: "retry_days", max: MAX_RETRY_DAY } };
  if (days.some((d, i) => i > 0 && d <= days[i - 1])) return { problem: { code: "retry_days_increase" } };
  return { days };
}

export function policyOf(shop: { renewalRetryDays: string; renewalFinalAction: string }): RecoveryPolicy {
  const parsed = parseRetryDays(shop.renewalRetryDays);
  return {
    retryDays: "days" in parsed ? parsed.days : [],
    finalAction: (FINAL_ACTIONS as readonly string[]).includes(shop.renewalFinalAction) ? (shop.renewalFinalAction as FinalAction) : "keep",
  };
}

export interface RecoveryState {
  errorCode: string;
  firstFailedAt: Date;
  lastFailedAt: Date;
  retriesSent: number;
  /** a retry of ours is under way (its result comes by webhook) */
  retryInFlight: boolean;
  /** the customer updated the payment method after the failure */
  paymentMethodUpdatedAt: Date | null;
  updateEmailSentAt: Date | null;
  /** a payment method Shopify can send the update email for */
  hasPaymentMethod: boolean;
  /** the contract was paused or cancelled outside the recovery: nothing more to retry */
  contractEndedAt: Date | null;
}

export type RecoveryStep =
  | { kind: "retry"; at: Date }
  | { kind: "update_email"; at: Date }
  | { kind: "final"; at: Date }
  | { kind: "none" };

/** A day for the last retry's result to come back before the final rule applies. */
const RESULT_GRACE_DAYS = 1;

/** When the final rule applies: a day after the last retry day (or after the failure, without retries). */
export function finalDate(policy: RecoveryPolicy, firstFailedAt: Date): Date {
  return addDays(firstFailedAt, (policy.retryDays.at(-1) ?? 0) + RESULT_GRACE_DAYS);
}

/**
 * The next thing the recovery does. Retries follow the merchant's days; a payment method that
 * cannot be charged gets the update email first and is retried only once the customer updated it
 * (then at once, once per update); nothing is retried while our previous retry has not answered.
 * A final step is planned, not certain: a success or an update before its date plans again.
 */
export function nextRecoveryStep(policy: RecoveryPolicy, state: RecoveryState): RecoveryStep {
  if (state.retryInFlight) return { kind: "none" };
  if (state.contractEndedAt) return { kind: "final", at: state.contractEndedAt };
  const finalAt = finalDate(policy, state.firstFailedAt);
  const retriesLeft = state.retriesSent < policy.retryDays.length;
  const plannedRetry = () => addDays(state.firstFailedAt, policy.retryDays[state.retriesSent]);
  const kind = retryClass(state.errorCode);
  // a new payment method since the last failure is worth one try at once, whatever failed before
  const updated = state.paymentMethodUpdatedAt !== null && state.paymentMethodUpdatedAt > state.lastFailedAt;
  if (updated && kind !== "never") return { kind: "retry", at: state.paymentMethodUpdatedAt! };
  if (kind === "after_update" && !state.updateEmailSentAt && state.hasPaymentMethod) return { kind: "update_email", at: state.lastFailedAt };
  if (kind === "retry" && retriesLeft) return { kind: "retry", at: plannedRetry() };
  return { kind: "final", at: finalAt };
}

export type RenewalSettingsCheck =
  | { ok: true; settings: { renewalRetryDays: string; renewalFinalAction: FinalAction } }
  | { ok: false; errors: FieldProblems<"renewalRetryDays" | "renewalFinalAction"> };

/** The settings form's renewal section: retry days as typed ("1, 3, 7") and the final rule. */
export function checkRenewalSettings(form: Record<string, string | undefined>): RenewalSettingsCheck {
  const days = parseRetryDays(form.renewalRetryDays ?? "");
  const action = form.renewalFinalAction ?? "";
  const errors: FieldProblems<"renewalRetryDays" | "renewalFinalAction"> = {};
  if ("problem" in days) errors.renewalRetryDays = days.problem;
  if (!(FINAL_ACTIONS as readonly string[]).includes(action)) errors.renewalFinalAction = { code: "final_action" };
  if ("problem" in days || errors.renewalFinalAction) return { ok: false, errors };
  return { ok: true, settings: { renewalRetryDays: days.days.join(","), renewalFinalAction: action as FinalAction } };
}
