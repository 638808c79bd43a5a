/**
 * The payments a demo history describes, as ledger facts computed in memory (independent of the
 * app's SQL): Shopify's transactions, and the bank transfers the shop's statements brought in.
 */
import type { DemoHistory } from "../../app/demo/demoHistory";
import { paymentFactFromTransaction } from "../../app/adapters/shopify/payloads";
import type { LedgerFact } from "../../app/domain/ledger";
import { asCurrency } from "../../app/domain/money";

export function historyFacts(history: DemoHistory): LedgerFact[] {
  const shopify = history.transactions.map((t) => paymentFactFromTransaction(t)!);
  const transfers = history.events.flatMap((e): LedgerFact[] => e.kind !== "transfer" ? [] : [{
    kind: "payment", key: e.ref, orderGid: e.orderGid, occurredAt: new Date(e.bookedOn), currency: asCurrency("EUR"),
    amountMinor: e.amountMinor, outstandingDeltaMinor: -e.amountMinor, outsideShopify: { shopifyTransactionGid: null, recordedInShopifyAt: null },
  }]);
  return [...shopify, ...transfers];
}
