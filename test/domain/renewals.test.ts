import { describe, expect, it } from "vitest";
import {
  finalDate, nextRecoveryStep, parseRetryDays, policyOf, receivableKindOf, renewalKey, renewalSnapshot, retryClass, type RecoveryState,
} from "../../app/domain/renewals";
import { asCurrency } from "../../app/domain/money";
import { deriveReceivable } from "../../app/domain/ledger";

const day = (n: number, hour = 9) => new Date(Date.UTC(2026, 10, n, hour));
const policy = { retryDays: [1, 3, 7], finalAction: "cancel" as const };
const failed = (errorCode: string, over: Partial<RecoveryState> = {}): RecoveryState => ({
  errorCode, firstFailedAt: day(1), lastFailedAt: day(1), retriesSent: 0, retryInFlight: false, paymentMethodUpdatedAt: null,
  updateEmailSentAt: null, hasPaymentMethod: true, contractEndedAt: null, ...over,
});

describe("renewal keys", () => {
  it("name a contract's billing cycle and tell renewals from orders", () => {
    const key = renewalKey("gid://shopify/SubscriptionContract/42", 3);
    expect(key).toBe("gid://shopify/SubscriptionContract/42?cycle=3");
    expect(receivableKindOf(key)).toBe("renewal");
    expect(receivableKindOf("gid://shopify/Order/42")).toBe("order");
  });

  it("a renewal's snapshot is owed in full from its billing date, and the ledger derives it like an order", () => {
    const snapshot = renewalSnapshot({
      contractGid: "gid://shopify/SubscriptionContract/42", cycleIndex: 3, cycleDate: day(1), attemptedAt: day(1, 10), originOrderName: "#1001", originOrderGid: "gid://shopify/Order/1001",
      currency: asCurrency("EUR"), amountMinor: 2990, customerGid: "gid://shopify/Customer/7", challengeUrl: null,
    });
    expect(snapshot.orderName).toBe("#1001-R3");
    const state = deriveReceivable(snapshot, [], 14);
    expect(state).toMatchObject({ status: "open", outstandingMinor: 2990, dueAt: day(1), issuedAt: day(1) });
  });
});

describe("what a failure says about retrying", () => {
  it.each([
    ["insufficient_funds", "retry"], ["payment_method_declined", "retry"], ["transient_error", "retry"], ["insufficient_inventory", "retry"],
    ["expired_payment_method", "after_update"], ["invalid_payment_method", "after_update"], ["payment_method_not_found", "after_update"],
    ["authentication_error", "customer_action"], ["fraud_suspected", "never"], ["test_mode", "never"],
  ])("%s: %s", (code, expected) => {
    expect(retryClass(code)).toBe(expected);
  });
});

describe("retry days", () => {
  it("are a short increasing list of whole days", () => {
    expect(parseRetryDays("1, 3,7")).toEqual({ days: [1, 3, 7] });
    expect(parseRetryDays("")).toEqual({ days: [] });
    expect(parseRetryDays("3,1")).toEqual({ problem: { code: "retry_days_increase" } });
    expect(parseRetryDays("0")).toMatchObject({ problem: { code: "retry_days" } });
    expect(parseRetryDays("1.5")).toMatchObject({ problem: { code: "retry_days" } });
    expect(parseRetryDays("1,2,3,4,5,6,7,8,9")).toMatchObject({ problem: { code: "retries_at_most" } });
  });

  it("a shop's stored setting that no longer parses retries nothing rather than guessing", () => {
    expect(policyOf({ renewalRetryDays: "x", renewalFinalAction: "explode" })).toEqual({ retryDays: [], finalAction: "keep" });
  });
});

describe("the next recovery step", () => {
  it("retries a card without funds on the merchant's days, then applies the final rule a day after the last", () => {
    expect(nextRecoveryStep(policy, failed("insufficient_funds"))).toEqual({ kind: "retry", at: day(2) });
    expect(nextRecoveryStep(policy, failed("insufficient_funds", { retriesSent: 2 }))).toEqual({ kind: "retry", at: day(8) });
    expect(nextRecoveryStep(policy, failed("insufficient_funds", { retriesSent: 3 }))).toEqual({ kind: "final", at: day(9) });
    expect(finalDate(policy, day(1))).toEqual(day(9));
  });

  it("never retries while our last retry has not answered", () => {
    expect(nextRecoveryStep(policy, failed("insufficient_funds", { retryInFlight: true }))).toEqual({ kind: "none" });
  });

  it("an expired card: the update email, no retry, and a retry at once when the customer updated it", () => {
    expect(nextRecoveryStep(policy, failed("expired_payment_method"))).toEqual({ kind: "update_email", at: day(1) });
    const asked = failed("expired_payment_method", { updateEmailSentAt: day(1) });
    expect(nextRecoveryStep(policy, asked)).toEqual({ kind: "final", at: day(9) });
    expect(nextRecoveryStep(policy, { ...asked, paymentMethodUpdatedAt: day(4) })).toEqual({ kind: "retry", at: day(4) });
    // the retry after the update failed again: no second retry on the same update
    expect(nextRecoveryStep(policy, { ...asked, paymentMethodUpdatedAt: day(4), lastFailedAt: day(4, 10), retriesSent: 1 })).toEqual({ kind: "final", at: day(9) });
  });

  it("without a payment method on file no update email can go: the final rule waits for its date", () => {
    expect(nextRecoveryStep(policy, failed("payment_method_not_found", { hasPaymentMethod: false }))).toEqual({ kind: "final", at: day(9) });
  });

  it("3-D Secure and fraud are not retried; a contract ended elsewhere goes to the final rule at once", () => {
    expect(nextRecoveryStep(policy, failed("authentication_error"))).toEqual({ kind: "final", at: day(9) });
    expect(nextRecoveryStep(policy, failed("fraud_suspected", { paymentMethodUpdatedAt: day(2) }))).toEqual({ kind: "final", at: day(9) });
    expect(nextRecoveryStep(policy, failed("insufficient_funds", { contractEndedAt: day(3) }))).toEqual({ kind: "final", at: day(3) });
  });
});
