/** Applies one stored webhook delivery to the ledger, by topic. */
import type { Db } from "../../db/client";
import type { Clock } from "../../domain/time";
import type { CurrencyCode } from "../../domain/money";
import { asObject, gidFromId, parseShopifyJson, PayloadError } from "../../adapters/shopify/json";
import {
  complianceSubjectFromPayload, customerFromPayload, disputeFromPayload, orderSnapshotFromPayload, paymentFactFromTransaction,
  paymentTermsGidFromPayload, refundFactFromPayload,
} from "../../adapters/shopify/payloads";
import { isComplianceTopic, ORDER_TOPICS, PAYMENT_TERMS_TOPICS, SUBSCRIPTION_TOPICS } from "../../adapters/shopify/topics";
import type { AdminGraphql } from "../../adapters/shopify/graphql/client";
import { PAYMENT_TERMS_ORDER_QUERY } from "../../adapters/shopify/graphql/queries";
import { customerFromNode, orderSnapshotFromNode, type OrderNode } from "../../adapters/shopify/graphql/orders";
import { applyOrderSnapshot, recordLedgerFact, recomputeReceivable, upsertCustomer } from "../ledger/ledgerStore";
import { recordTimelineEntry } from "../ledger/timeline";
import { openDispute, resolveDispute } from "../disputes/disputes";
import { eraseShop, exportCustomerData, markUninstalled, redactCustomer } from "./compliance";
import { applySubscriptionWebhook } from "../renewals/renewalIngest";

export interface HandlerContext {
  clock: Clock;
  /** the Admin API of a shop, or null when the app holds no token for it */
  adminFor: (shopDomain: string) => Promise<AdminGraphql | null>;
}

export interface DeliverySubject {
  orderGid?: string;
  customerGid?: string;
  /** done, but with something the merchant should know */
  warning?: string;
}

export interface StoredDelivery {
  webhookId: string;
  shopDomain: string;
  topic: string;
  payload: string;
  triggeredAt: Date | null;
}

export async function handleDelivery(db: Db, delivery: StoredDelivery, context: HandlerContext): Promise<DeliverySubject> {
  const payload = asObject(parseShopifyJson(delivery.payload), "payload");
  const now = context.clock();
  const { topic, shopDomain, webhookId } = delivery;

  if (topic === "shop/redact") {
    await eraseShop(db, shopDomain);
    await completeCompliance(db, shopDomain, topic, null, null, now);
    return {};
  }
  const shop = await db.shop.findUnique({ where: { domain: shopDomain } });
  if (!shop) {
    if (!isComplianceTopic(topic)) throw new PayloadError(`unknown shop ${shopDomain}`);
    // nothing held for a shop that is gone (or never installed): answered and recorded as such
    await completeCompliance(db, shopDomain, topic, null, topic === "customers/data_request" ? "{}" : null, now);
    return { warning: `no data held for ${shopDomain}` };
  }

  if ((ORDER_TOPICS as readonly string[]).includes(topic)) {
    const { snapshot, customer } = readOrderPayload(payload);
    await applyOrderSnapshot(db, shop, snapshot, { webhookId, customer });
    return { orderGid: snapshot.orderGid, customerGid: customer?.gid };
  }
  switch (topic) {
    case "order_transactions/create": {
      const fact = paymentFactFromTransaction(payload);
      if (!fact) return { orderGid: gidFromId(payload, "order_id", "Order") };
      await recordLedgerFact(db, shop, fact, webhookId);
      return { orderGid: fact.orderGid };
    }
    case "refunds/create": {
      const orderGid = gidFromId(payload, "order_id", "Order");
      const receivable = await db.receivable.findUnique({ where: { shopId_orderGid: { shopId: shop.id, orderGid } } });
      const fact = refundFactFromPayload(payload, (receivable?.currency ?? shop.currency) as CurrencyCode);
      await recordLedgerFact(db, shop, fact, webhookId);
      return { orderGid };
    }
    case "customers/update": {
      const customer = customerFromPayload(payload);
      await upsertCustomer(db, shop.id, customer);
      return { customerGid: customer.gid };
    }
    case "disputes/create":
    case "disputes/update":
      return recordDispute(db, shop.id, payload, webhookId, now);
    case "app/uninstalled":
      // a late redelivery of an earlier uninstall must not end the install that followed it
      if (delivery.triggeredAt && delivery.triggeredAt < shop.installedAt) return { warning: "uninstalled before the latest install: ignored" };
      await markUninstalled(db, shopDomain, now);
      return {};
    case "app/scopes_update": {
      const current = Array.isArray(payload.current) ? payload.current.join(",") : null;
      if (current !== null) await db.session.updateMany({ where: { shop: shopDomain }, data: { scope: current } });
      return {};
    }
    case "customers/data_request": {
      const request = complianceSubjectFromPayload(payload);
      const data = await exportCustomerData(db, shop, request);
      await completeCompliance(db, shopDomain, topic, request.customerGid, JSON.stringify(data), now);
      return { customerGid: request.customerGid };
    }
    case "customers/redact": {
      const request = complianceSubjectFromPayload(payload);
      await redactCustomer(db, shop, request, now);
      // the request itself names the person too
      await db.webhookDelivery.updateMany({ where: { webhookId }, data: { payload: "{\"redacted\":true}" } });
      await completeCompliance(db, shopDomain, topic, request.customerGid, null, now);
      return { customerGid: request.customerGid };
    }
  }
  if ((PAYMENT_TERMS_TOPICS as readonly string[]).includes(topic)) return refreshPaymentTerms(db, shop, payload, context);
  if ((SUBSCRIPTION_TOPICS as readonly string[]).includes(topic)) {
    return applySubscriptionWebhook(db, shop, topic, payload, () => context.adminFor(shop.domain), webhookId, now);
  }
  throw new PayloadError(`topic ${topic} is not handled`);
}

/** An order webhook's snapshot and the customer it names. */
export function readOrderPayload(payload: Record<string, unknown>) {
  const snapshot = orderSnapshotFromPayload(payload);
  const customer = payload.customer ? customerFromPayload(payload.customer, (payload.customer_locale as string) ?? null) : null;
  return { snapshot, customer };
}

async function completeCompliance(db: Db, shopDomain: string, topic: string, customerGid: string | null, exported: string | null, now: Date) {
  await db.complianceRequest.create({
    data: { shopDomain, topic, customerGid, export: exported, receivedAt: now, completedAt: now },
  });
}

/** Shopify Payments disputes land on the order's timeline; the dispute workflow builds on them. */
async function recordDispute(db: Db, shopId: string, payload: Record<string, unknown>, webhookId: string, now: Date): Promise<DeliverySubject> {
  const dispute = disputeFromPayload(payload);
  // one timeline entry per dispute status: an update to the same status is a redelivery
  await recordTimelineEntry(db, {
    shopId, orderGid: dispute.orderGid, kind: "dispute", sourceKey: `dispute:${dispute.disputeGid}:${dispute.status}`, amountMinor: 0,
    currency: dispute.currency, occurredAt: dispute.initiatedAt, webhookId,
    detail: { status: dispute.status, reason: dispute.reason, amount: dispute.amount, type: dispute.type },
  });
  await followShopifyDispute(db, shopId, dispute.orderGid, dispute.disputeGid, dispute.status, now);
  return { orderGid: dispute.orderGid };
}

/** Won by the merchant: the claim stands (rejected); lost or accepted: the money went back (credit). */
const FINAL_DISPUTE_STATUSES: Record<string, "rejected" | "credit"> = { won: "rejected", lost: "credit", accepted: "credit", charge_refunded: "credit" };

/** A chargeback opens a dispute on the order (reminders pause); its final status resolves it. */
async function followShopifyDispute(db: Db, shopId: string, orderGid: string, disputeGid: string, status: string, now: Date) {
  const receivable = await db.receivable.findUnique({ where: { shopId_orderGid: { shopId, orderGid } } });
  if (!receivable) return;
  const existing = await db.dispute.findUnique({ where: { shopId_shopifyDisputeGid: { shopId, shopifyDisputeGid: disputeGid } } });
  const resolution = FINAL_DISPUTE_STATUSES[status];
  if (!existing && !resolution) {
    await openDispute(db, null, { shopId, receivableId: receivable.id, source: "shopify", reason: "chargeback", message: "", shopifyDisputeGid: disputeGid }, now);
  } else if (existing?.status === "open" && resolution) {
    await resolveDispute(db, { shopId, disputeId: existing.id, resolution, note: `Shopify Payments dispute ${status}` }, now);
  }
}

/**
 * Payment terms webhooks do not name their order, so the order is read back through the Admin API
 * (PaymentTerms.order) and applied as a fresh snapshot.
 */
async function refreshPaymentTerms(db: Db, shop: { id: string; domain: string; defaultTermDays: number; currency: string }, payload: Record<string, unknown>, context: HandlerContext): Promise<DeliverySubject> {
  const termsGid = paymentTermsGidFromPayload(payload);
  const admin = await context.adminFor(shop.domain);
  if (!admin) throw new Error(`no Admin API access for ${shop.domain}; the next reconciliation will catch up`);
  const data = await admin.request<{ node: { order: OrderNode | null } | null }>(PAYMENT_TERMS_ORDER_QUERY, { id: termsGid });
  const order = data.node?.order;
  if (!order) {
    const affected = await db.receivable.findMany({ where: { shopId: shop.id, paymentTermsGid: termsGid }, select: { orderGid: true } });
    for (const r of affected) await recomputeReceivable(db, shop, r.orderGid);
    return { warning: `payment terms ${termsGid} have no order (draft order or deleted)` };
  }
  await applyOrderSnapshot(db, shop, orderSnapshotFromNode(order), { customer: customerFromNode(order) });
  return { orderGid: order.id };
}
