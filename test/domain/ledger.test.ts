import { describe, expect, it } from "vitest";
import { deriveReceivable, dueDate, isCreditSale, owedInPresentment, type LedgerFact, type OrderSnapshot } from "../../app/domain/ledger";
import { asCurrency } from "../../app/domain/money";

const EUR = asCurrency("EUR");
const ORDER = "gid://shopify/Order/820982911946154508";
const t = (day: number, hour = 12) => new Date(Date.UTC(2026, 10, day, hour));

function snapshot(overrides: Partial<OrderSnapshot> = {}): OrderSnapshot {
  return {
    orderGid: ORDER, orderName: "#1001", currency: EUR, issuedAt: t(1), updatedAt: t(1), totalMinor: 10_000,
    outstandingMinor: 10_000, financialStatus: "pending", cancelledAt: null, paymentTerms: null, customerGid: null,
    paymentUrl: null, test: false, ...overrides,
  };
}

function payment(key: string, amountMinor: number, at: Date, currency = EUR): LedgerFact {
  return { kind: "payment", key, orderGid: ORDER, occurredAt: at, currency, amountMinor, outstandingDeltaMinor: -amountMinor };
}

describe("payments in the customer's currency (presentment)", () => {
  const USD = asCurrency("USD");
  // a EUR shop selling for USD 110.00 an order worth EUR 100.00 to it
  const inDollars = (overrides: Partial<OrderSnapshot> = {}) => snapshot({ presentment: { currency: USD, totalMinor: 11_000 }, ...overrides });

  it("are converted at the order's own rate, never refused", () => {
    expect(deriveReceivable(inDollars(), [payment("tx1", 5_500, t(3), USD)], 14)).toMatchObject({ status: "open", outstandingMinor: 5_000, conflicts: [] });
    expect(deriveReceivable(inDollars(), [payment("tx1", 11_000, t(3), USD)], 14)).toMatchObject({ status: "paid", outstandingMinor: 0 });
  });

  it("a rounding cent left by conversions is not chased", () => {
    // EUR 100.00 sold for USD 30.00, paid in three USD 10.00 instalments: EUR 33.33 each, one cent left
    const thirds = snapshot({ presentment: { currency: USD, totalMinor: 3_000 } });
    const two = deriveReceivable(thirds, [payment("a", 1_000, t(3), USD), payment("b", 1_000, t(4), USD)], 14);
    expect(two).toMatchObject({ status: "open", outstandingMinor: 3_334 });
    const paid = deriveReceivable(thirds, [payment("a", 1_000, t(3), USD), payment("b", 1_000, t(4), USD), payment("c", 1_000, t(5), USD)], 14);
    expect(paid).toMatchObject({ status: "paid", outstandingMinor: 0 });
  });

  it("what is owed reads back in the customer's currency at the same rate, rounded half up", () => {
    expect(owedInPresentment(inDollars(), 5_000)).toEqual({ currency: USD, amountMinor: 5_500 });
    expect(owedInPresentment(snapshot({ presentment: { currency: USD, totalMinor: 3_000 } }), 3_334)).toEqual({ currency: USD, amountMinor: 1_000 });
    expect(owedInPresentment(snapshot({ presentment: { currency: USD, totalMinor: 3_000 } }), 5)).toEqual({ currency: USD, amountMinor: 2 }); // 1.5 up
    expect(owedInPresentment(snapshot(), 5_000)).toBeNull();
    expect(owedInPresentment(snapshot({ presentment: { currency: EUR, totalMinor: 10_000 } }), 5_000)).toBeNull();
  });

  it("another currency than both is still a conflict", () => {
    expect(deriveReceivable(inDollars(), [payment("tx1", 5_000, t(3), asCurrency("GBP"))], 14).conflicts).toHaveLength(1);
  });
});

describe("money received outside Shopify checkout", () => {
  const bank = (amountMinor: number, bookedOn: Date, recorded?: { gid: string | null; at: Date }): LedgerFact => ({
    ...payment(`bank:e1:${amountMinor}`, amountMinor, bookedOn),
    outsideShopify: { shopifyTransactionGid: recorded?.gid ?? null, recordedInShopifyAt: recorded?.at ?? null },
  });

  it("counts at once, even when a newer snapshot (a tag edit) still shows the order unpaid", () => {
    const edited = snapshot({ updatedAt: t(9) });
    expect(deriveReceivable(edited, [bank(10_000, t(5))], 14)).toMatchObject({ status: "paid", outstandingMinor: 0, paidAt: t(5) });
    expect(deriveReceivable(edited, [bank(4_000, t(5))], 14)).toMatchObject({ status: "open", outstandingMinor: 6_000 });
  });

  it("once written back, Shopify's own transaction carries it: the webhook of that transaction does not pay twice", () => {
    const written = bank(4_000, t(5), { gid: "gid://shopify/OrderTransaction/77", at: t(10) });
    const fromWebhook = payment("gid://shopify/OrderTransaction/77", 4_000, t(10));
    expect(deriveReceivable(snapshot(), [written, fromWebhook], 14).outstandingMinor).toBe(6_000);
    // before the webhook arrives the bank fact still counts
    expect(deriveReceivable(snapshot(), [written], 14).outstandingMinor).toBe(6_000);
  });

  it("a snapshot taken after the write-back holds it; one taken before does not", () => {
    const written = bank(4_000, t(5), { gid: null, at: t(10) });
    expect(deriveReceivable(snapshot({ updatedAt: t(11), outstandingMinor: 6_000, financialStatus: "partially_paid" }), [written], 14).outstandingMinor).toBe(6_000);
    expect(deriveReceivable(snapshot({ updatedAt: t(9) }), [written], 14).outstandingMinor).toBe(6_000);
  });
});

describe("ledger", () => {
  it("an unpaid order is an open receivable due after the shop's default term", () => {
    const state = deriveReceivable(snapshot(), [], 14);
    expect(state).toMatchObject({ status: "open", outstandingMinor: 10_000, totalMinor: 10_000, paidAt: null });
    expect(state.dueAt).toEqual(t(15));
  });

  it("payment terms decide the due date: open schedule first, else net days", () => {
    const fixed = snapshot({ paymentTerms: { gid: null, name: "Fixed", type: "FIXED", dueInDays: null, nextDueAt: t(20) } });
    expect(dueDate(fixed, 14)).toEqual(t(20));
    const net = snapshot({ paymentTerms: { gid: null, name: "Net 30", type: "NET", dueInDays: 30, nextDueAt: null } });
    expect(dueDate(net, 14)).toEqual(new Date(t(1).getTime() + 30 * 86_400_000));
  });

  it("a credit sale is an unpaid order or one on payment terms", () => {
    expect(isCreditSale(snapshot())).toBe(true);
    expect(isCreditSale(snapshot({ financialStatus: "authorized" }))).toBe(true);
    expect(isCreditSale(snapshot({ financialStatus: "partially_paid" }))).toBe(true);
    expect(isCreditSale(snapshot({ financialStatus: "paid", outstandingMinor: 0 }))).toBe(false);
    const terms = { gid: null, name: "Net 30", type: "NET", dueInDays: 30, nextDueAt: null };
    expect(isCreditSale(snapshot({ financialStatus: "paid", outstandingMinor: 0, paymentTerms: terms }))).toBe(true);
  });

  it("a payment newer than the snapshot lowers the outstanding; a full one settles it", () => {
    const partial = deriveReceivable(snapshot(), [payment("tx1", 4_000, t(3))], 14);
    expect(partial).toMatchObject({ status: "open", outstandingMinor: 6_000 });
    const full = deriveReceivable(snapshot(), [payment("tx1", 4_000, t(3)), payment("tx2", 6_000, t(5))], 14);
    expect(full).toMatchObject({ status: "paid", outstandingMinor: 0, paidAt: t(5) });
  });

  it("a payment already inside a newer snapshot is not counted twice", () => {
    const paidSnapshot = snapshot({ updatedAt: t(6), outstandingMinor: 0, financialStatus: "paid" });
    const state = deriveReceivable(paidSnapshot, [payment("tx1", 10_000, t(5))], 14);
    expect(state).toMatchObject({ status: "paid", outstandingMinor: 0, paidAt: t(5) });
  });

  it("a refund of unpaid goods lowers what is owed; money returned raises it", () => {
    const refundGoods: LedgerFact = { kind: "refund", key: "r1", orderGid: ORDER, occurredAt: t(4), currency: EUR, amountMinor: 2_500, outstandingDeltaMinor: -2_500 };
    expect(deriveReceivable(snapshot(), [refundGoods], 14).outstandingMinor).toBe(7_500);
    const overpaidRefund: LedgerFact = { ...refundGoods, key: "r2", outstandingDeltaMinor: 1_000 };
    expect(deriveReceivable(snapshot({ outstandingMinor: 0, financialStatus: "paid" }), [overpaidRefund], 14))
      .toMatchObject({ status: "open", outstandingMinor: 1_000 });
  });

  it("never goes below zero on overpayment", () => {
    expect(deriveReceivable(snapshot(), [payment("tx1", 12_000, t(2))], 14)).toMatchObject({ status: "paid", outstandingMinor: 0 });
  });

  it("a cancelled order owes nothing", () => {
    expect(deriveReceivable(snapshot({ cancelledAt: t(2), updatedAt: t(2) }), [], 14))
      .toMatchObject({ status: "cancelled", outstandingMinor: 0 });
  });

  it("the result does not depend on the order of the facts", () => {
    const facts = [payment("a", 1_000, t(2)), payment("b", 2_000, t(3)), payment("c", 3_000, t(4))];
    const expected = deriveReceivable(snapshot(), facts, 14);
    for (const order of [[2, 0, 1], [1, 2, 0], [2, 1, 0]]) {
      expect(deriveReceivable(snapshot(), order.map((i) => facts[i]), 14)).toEqual(expected);
    }
  });

  it("leaves out and reports a fact in another currency", () => {
    const state = deriveReceivable(snapshot(), [payment("usd", 5_000, t(2), asCurrency("USD"))], 14);
    expect(state.outstandingMinor).toBe(10_000);
    expect(state.conflicts).toEqual(["payment usd is in USD, the order in EUR"]);
  });
});
