/**
 * The receivable ledger: what an order still owes, derived from facts.
 *
 * Facts are order snapshots (Shopify's own view, newest `updated_at` wins) and payment / refund
 * events. A fact newer than the newest snapshot is not yet reflected in it, so its effect is added
 * on top; anything older is already inside the snapshot. The result does not depend on the order
 * in which webhooks arrive, and replaying the same facts always gives the same receivable.
 */
import { addMinor, type CurrencyCode } from "./money";
import { addDays } from "./time";

export type LedgerStatus = "open" | "paid" | "cancelled";

/** Financial statuses under which Shopify still expects money for the order. */
const UNPAID_FINANCIAL_STATUSES = new Set(["pending", "authorized", "partially_paid"]);

export interface PaymentTermsSnapshot {
  gid: string | null;
  name: string;
  /** NET | FIXED | RECEIPT | FULFILLMENT (REST sends lower case; kept as sent) */
  type: string;
  dueInDays: number | null;
  /** due date of the first schedule not yet completed */
  nextDueAt: Date | null;
}

export interface OrderSnapshot {
  orderGid: string;
  orderName: string;
  currency: CurrencyCode;
  issuedAt: Date;
  updatedAt: Date;
  totalMinor: number;
  outstandingMinor: number;
  financialStatus: string;
  cancelledAt: Date | null;
  paymentTerms: PaymentTermsSnapshot | null;
  customerGid: string | null;
  /** where the customer pays: Shopify's payment collection URL, else the order status page */
  paymentUrl: string | null;
  test: boolean;
  /** the currency the customer pays in, when it is not the shop's: payments arrive in it */
  presentment?: { currency: CurrencyCode; totalMinor: number } | null;
}

export type LedgerFactKind = "payment" | "refund";

export interface LedgerFact {
  kind: LedgerFactKind;
  /** the Shopify gid of the transaction or refund: what makes a fact count once */
  key: string;
  orderGid: string;
  occurredAt: Date;
  currency: CurrencyCode;
  /** money moved, for the timeline (always >= 0) */
  amountMinor: number;
  /** change to what the customer still owes: a payment lowers it, a refunded payment raises it */
  outstandingDeltaMinor: number;
  /**
   * Money Shopify did not see come in (a bank transfer matched here, an instalment paid through
   * Mollie). Until Shopify records it, no snapshot contains it, so it always counts; once recorded
   * (as that transaction, at that time) Shopify's own transaction fact and later snapshots carry it.
   */
  outsideShopify?: { shopifyTransactionGid: string | null; recordedInShopifyAt: Date | null };
}

export interface ReceivableState {
  /** facts left out because they contradict the order (another currency): to be reported */
  conflicts: string[];
  orderGid: string;
  currency: CurrencyCode;
  totalMinor: number;
  outstandingMinor: number;
  issuedAt: Date;
  dueAt: Date;
  status: LedgerStatus;
  paidAt: Date | null;
}

export class LedgerError extends Error {
  override name = "LedgerError";
}

/** A sale on credit: Shopify still waits for money, or the order runs on payment terms. */
export function isCreditSale(snapshot: OrderSnapshot): boolean {
  return UNPAID_FINANCIAL_STATUSES.has(snapshot.financialStatus) || snapshot.paymentTerms !== null;
}

/** Payment terms decide; else a net term in days; else the shop's default term from the issue date. */
export function dueDate(snapshot: OrderSnapshot, defaultTermDays: number): Date {
  const terms = snapshot.paymentTerms;
  if (terms?.nextDueAt) return terms.nextDueAt;
  if (terms?.dueInDays != null) return addDays(snapshot.issuedAt, terms.dueInDays);
  return addDays(snapshot.issuedAt, defaultTermDays);
}

/**
 * A payment in the order's presentment currency (a shop in EUR selling in USD) in shop money, at the
 * order's own rate: its shop total over its presentment total, rounded half up in integers.
 */
function inShopMoney(fact: LedgerFact, snapshot: OrderSnapshot): LedgerFact {
  const { totalMinor: presented } = snapshot.presentment!;
  const convert = (minor: number) => {
    const sign = minor < 0 ? -1n : 1n;
    const scaled = (BigInt(Math.abs(minor)) * BigInt(snapshot.totalMinor) * 2n + BigInt(presented)) / (2n * BigInt(presented));
    return Number(sign * scaled);
  };
  return { ...fact, currency: snapshot.currency, amountMinor: convert(fact.amountMinor), outstandingDeltaMinor: convert(fact.outstandingDeltaMinor) };
}

/**
 * What is owed in the currency the customer pays in (a shop in EUR selling in USD), at the order's
 * own rate, rounded half up in integers; null when the customer pays in the shop's currency.
 */
export function owedInPresentment(snapshot: OrderSnapshot, shopMinor: number): { currency: CurrencyCode; amountMinor: number } | null {
  const presentment = snapshot.presentment;
  if (!presentment || presentment.currency === snapshot.currency || snapshot.totalMinor <= 0 || presentment.totalMinor <= 0) return null;
  const scaled = (BigInt(shopMinor) * BigInt(presentment.totalMinor) * 2n + BigInt(snapshot.totalMinor)) / (2n * BigInt(snapshot.totalMinor));
  return { currency: presentment.currency, amountMinor: Number(scaled) };
}

/** Whether a fact's effect is still missing from the snapshot, so it has to be added on top. */
function addsToSnapshot(fact: LedgerFact, snapshot: OrderSnapshot, keys: ReadonlySet<string>): boolean {
  const outside = fact.outsideShopify;
  if (!outside) return fact.occurredAt > snapshot.updatedAt;
  if (outside.shopifyTransactionGid && keys.has(outside.shopifyTransactionGid)) return false;
  return !outside.recordedInShopifyAt || outside.recordedInShopifyAt > snapshot.updatedAt;
}

export function deriveReceivable(
  snapshot: OrderSnapshot,
  facts: readonly LedgerFact[],
  defaultTermDays: number,
): ReceivableState {
  let outstanding = snapshot.outstandingMinor;
  let lastPaymentAt: Date | null = null;
  const conflicts: string[] = [];
  const keys = new Set(facts.map((fact) => fact.key));
  /** converted payments may each leave a rounding cent: that much is not chased */
  let roundingSlack = 0;
  for (const given of facts) {
    if (given.orderGid !== snapshot.orderGid) throw new LedgerError(`fact ${given.key} belongs to another order`);
    let fact = given;
    if (fact.currency !== snapshot.currency) {
      const presentment = snapshot.presentment;
      if (!presentment || presentment.currency !== fact.currency || presentment.totalMinor <= 0) {
        conflicts.push(`${fact.kind} ${fact.key} is in ${fact.currency}, the order in ${snapshot.currency}`);
        continue;
      }
      fact = inShopMoney(fact, snapshot);
      if (addsToSnapshot(fact, snapshot, keys)) roundingSlack += 1;
    }
    if (addsToSnapshot(fact, snapshot, keys)) {
      try {
        outstanding = addMinor(outstanding, fact.outstandingDeltaMinor);
      } catch (error) {
        throw new LedgerError(`${fact.kind} ${fact.key}: ${(error as Error).message}`);
      }
    }
    if (fact.kind === "payment" && (!lastPaymentAt || fact.occurredAt > lastPaymentAt)) lastPaymentAt = fact.occurredAt;
  }
  outstanding = Math.max(0, outstanding);
  if (outstanding <= roundingSlack) outstanding = 0;
  const status: LedgerStatus = snapshot.cancelledAt ? "cancelled" : outstanding === 0 ? "paid" : "open";
  return {
    conflicts,
    orderGid: snapshot.orderGid,
    currency: snapshot.currency,
    totalMinor: snapshot.totalMinor,
    outstandingMinor: status === "cancelled" ? 0 : outstanding,
    issuedAt: snapshot.issuedAt,
    dueAt: dueDate(snapshot, defaultTermDays),
    status,
    paidAt: status === "paid" ? (lastPaymentAt ?? snapshot.updatedAt) : null,
  };
}
