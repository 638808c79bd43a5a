/**
 * Order webhooks and payments, the bulk of what Shopify sends, applied a batch at a time (through
 * ledgerBatch) instead of one by one. What a batch cannot take (a payload that fails to read, an
 * unknown shop, a payment in a currency the order is not in, a write that meets another worker's)
 * is handed back, to go through handleDelivery on its own and get its own error.
 */
import type { Db } from "../../db/client";
import { asObject, gidFromId, parseShopifyJson } from "../../adapters/shopify/json";
import { paymentFactFromTransaction } from "../../adapters/shopify/payloads";
import { ORDER_TOPICS } from "../../adapters/shopify/topics";
import { applyLedgerBatch, type FactUpdate, type OrderUpdate } from "../ledger/ledgerBatch";
import { readOrderPayload, type DeliverySubject, type StoredDelivery } from "./handleDelivery";

export const BATCHED_TOPICS: ReadonlySet<string> = new Set([...ORDER_TOPICS, "order_transactions/create"]);

type Read =
  | { order: OrderUpdate; subject: DeliverySubject }
  | { fact: FactUpdate; subject: DeliverySubject }
  | { subject: DeliverySubject };

function read(delivery: StoredDelivery): Read {
  const payload = asObject(parseShopifyJson(delivery.payload), "payload");
  const { webhookId } = delivery;
  if (delivery.topic !== "order_transactions/create") {
    const { snapshot, customer } = readOrderPayload(payload);
    return { order: { snapshot, customer, webhookId }, subject: { orderGid: snapshot.orderGid, customerGid: customer?.gid } };
  }
  const fact = paymentFactFromTransaction(payload);
  // a transaction that moves no money (an authorization, a failure): done, nothing to record
  if (!fact) return { subject: { orderGid: gidFromId(payload, "order_id", "Order") } };
  return { fact: { fact, webhookId }, subject: { orderGid: fact.orderGid } };
}

export interface BatchOutcome<D> {
  done: { delivery: D; subject: DeliverySubject }[];
  /** for handleDelivery, one by one */
  handBack: D[];
}

export async function applyDeliveryBatch<D extends StoredDelivery>(db: Db, deliveries: readonly D[]): Promise<BatchOutcome<D>> {
  const outcome: BatchOutcome<D> = { done: [], handBack: [] };
  const shops = new Map((await db.shop.findMany({ where: { domain: { in: [...new Set(deliveries.map((d) => d.shopDomain))] } } })).map((s) => [s.domain, s]));
  const perShop = new Map<string, { delivery: D; read: Read }[]>();
  for (const delivery of deliveries) {
    let parsed: Read;
    try {
      if (!shops.has(delivery.shopDomain)) throw new Error("unknown shop");
      parsed = read(delivery);
    } catch {
      outcome.handBack.push(delivery);
      continue;
    }
    if (!("order" in parsed) && !("fact" in parsed)) outcome.done.push({ delivery, subject: parsed.subject });
    else (perShop.get(delivery.shopDomain) ?? perShop.set(delivery.shopDomain, []).get(delivery.shopDomain)!).push({ delivery, read: parsed });
  }
  for (const [domain, items] of perShop) {
    const orders = items.flatMap(({ read }) => ("order" in read ? [read.order] : []));
    const facts = items.flatMap(({ read }) => ("fact" in read ? [read.fact] : []));
    try {
      const refused = new Set(await applyLedgerBatch(db, shops.get(domain)!, orders, facts));
      for (const { delivery, read } of items) {
        if ("fact" in read && refused.has(read.fact)) outcome.handBack.push(delivery);
        else outcome.done.push({ delivery, subject: read.subject });
      }
    } catch {
      // every write is keyed: what the batch wrote before it failed is found, not doubled, one by one
      outcome.handBack.push(...items.map(({ delivery }) => delivery));
    }
  }
  return outcome;
}
