/**
 * Money received outside Shopify checkout (a bank transfer, a Mollie payment) put on orders: one
 * allocation and one ledger fact per order, keyed on the source, so applying the same money twice
 * changes nothing. The ledger takes it at once, so the next run does not remind; the write-back to
 * Shopify follows (shopifyWriteBack.ts).
 */
import type { Db } from "../../db/client";
import type { Allocation } from "../../domain/bank/matching";
import type { CurrencyCode } from "../../domain/money";
import { recordLedgerFact, type ShopRef } from "../ledger/ledgerStore";
import { isUniqueViolation } from "../ledger/dbErrors";

export type PaymentSource = "bank" | "mollie";

export interface ReceivedPayment {
  source: PaymentSource;
  sourceId: string;
  currency: string;
  occurredAt: Date;
  allocations: readonly Allocation[];
}

export const ledgerKeyOf = (source: PaymentSource, sourceId: string, receivableId: string) => `${source}:${sourceId}:${receivableId}`;

/** Records each allocation once; returns how many were new. */
export async function recordReceivedPayment(db: Db, shop: ShopRef, payment: ReceivedPayment, now: Date, canWriteBack: boolean): Promise<number> {
  let added = 0;
  const receivables = new Map((await db.receivable.findMany({
    where: { shopId: shop.id, id: { in: payment.allocations.map((a) => a.receivableId) } }, select: { id: true, orderGid: true, currency: true },
  })).map((r) => [r.id, r]));
  for (const allocation of payment.allocations) {
    const receivable = receivables.get(allocation.receivableId);
    if (!receivable) throw new Error(`order ${allocation.receivableId} is not one of this shop's`);
    if (receivable.currency !== payment.currency) throw new Error(`a payment in ${payment.currency} cannot pay an order in ${receivable.currency}`);
    const ledgerKey = ledgerKeyOf(payment.source, payment.sourceId, receivable.id);
    try {
      await db.paymentAllocation.create({
        data: {
          shopId: shop.id, receivableId: receivable.id, source: payment.source, sourceId: payment.sourceId,
          amountMinor: BigInt(allocation.amountMinor), currency: payment.currency, ledgerKey,
          writeBackStatus: canWriteBack ? "pending" : "skipped", createdAt: now,
        },
      });
    } catch (error) {
      if (isUniqueViolation(error)) continue;
      throw error;
    }
    await recordLedgerFact(db, shop, {
      kind: "payment", key: ledgerKey, orderGid: receivable.orderGid, occurredAt: payment.occurredAt,
      currency: payment.currency as CurrencyCode, amountMinor: allocation.amountMinor, outstandingDeltaMinor: -allocation.amountMinor,
      outsideShopify: { shopifyTransactionGid: null, recordedInShopifyAt: null },
    });
    added++;
  }
  return added;
}

/** An IBAN that paid a customer's orders points to that customer next time (first customer wins). */
export async function learnIban(db: Db, shopId: string, customerId: string | null, iban: string | null, now: Date): Promise<void> {
  if (!customerId || !iban) return;
  try {
    await db.customerBankAccount.create({ data: { shopId, customerId, iban, learnedAt: now } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}
