/**
 * One customer as the app's customer page shows it: what they owe and how risky that is (the same
 * summary as the block on Shopify's customer page), their reminder stop, and the story of all
 * their orders in one timeline, newest first.
 */
import type { Db } from "../../db/client";
import { customerBlock, type CustomerBlock } from "../surfaces/adminBlocks";
import { customerName } from "../../domain/customerNames";
import { screeningStateOf } from "./screening";
import { suggestedCreditLimit, type ScreeningState } from "../../domain/screening/screening";
import { addressesAgree, namesAgree } from "../../domain/screening/vatNumber";

/** The newest timeline entries the page shows across all the customer's orders. */
const TIMELINE_SIZE = 40;
/** The customer's orders whose timelines are read: the newest ones (a customer of ten years has hundreds). */
const ORDERS_READ = 200;

export interface CustomerTimelineEntry {
  id: string;
  receivableId: string;
  order: string;
  kind: string;
  at: Date;
  amountMinor: number;
  currency: string;
  detail: Record<string, unknown>;
}

export interface CustomerDetail {
  id: string;
  name: string;
  email: string | null;
  company: string | null;
  countryCode: string | null;
  pausedUntil: Date | null;
  pauseReason: string | null;
  /** what VIES and the credit bureau said, when last asked, and the bureau's advised limit in the shop's currency */
  screening: ScreeningState & {
    screenedAt: Date | null; suggestedLimitMinor: number | null;
    /** whether VIES's registered name and address are the customer's (null: nothing to compare) */
    nameAgrees: boolean | null; addressAgrees: boolean | null;
  };
  summary: CustomerBlock;
  /** the late-payment forecast of each open order that has one */
  forecasts: Record<string, { lateProbability: number; bucket: string }>;
  timeline: CustomerTimelineEntry[];
}

export async function customerDetail(db: Db, shopId: string, customerId: string, now: Date): Promise<CustomerDetail | null> {
  const customer = await db.customer.findFirst({ where: { id: customerId, shopId } });
  if (!customer) return null;
  const summary = await customerBlock(db, shopId, { id: customer.id }, now);
  if (!summary.followed) return null;
  const orders = await db.receivable.findMany({
    where: { shopId, customerId: customer.id }, orderBy: [{ issuedAt: "desc" }, { id: "desc" }], take: ORDERS_READ,
    select: { id: true, orderGid: true, orderName: true },
  });
  const byGid = new Map(orders.map((o) => [o.orderGid, o]));
  const events = orders.length === 0 ? [] : await db.ledgerEvent.findMany({
    where: { shopId, orderGid: { in: [...byGid.keys()] } }, orderBy: [{ occurredAt: "desc" }, { recordedAt: "desc" }], take: TIMELINE_SIZE,
  });
  const forecasts = await db.paymentForecast.findMany({
    where: { shopId, receivableId: { in: summary.openOrders.map((o) => o.receivableId) } }, select: { receivableId: true, lateProbability: true, bucket: true },
  });
  const screening = screeningStateOf(customer);
  const paused = customer.reminderPausedUntil && customer.reminderPausedUntil > now ? customer.reminderPausedUntil : null;
  return {
    id: customer.id,
    name: customerName(customer),
    email: customer.email, company: customer.company, countryCode: customer.countryCode,
    pausedUntil: paused, pauseReason: paused ? customer.reminderPauseReason : null,
    screening: {
      ...screening, screenedAt: customer.screenedAt, suggestedLimitMinor: suggestedCreditLimit(screening, summary.currency),
      nameAgrees: namesAgree(screening.vatRegisteredName, customerName(customer)), addressAgrees: addressesAgree(screening.vatRegisteredAddress, customer),
    },
    summary,
    forecasts: Object.fromEntries(forecasts.map((f) => [f.receivableId, { lateProbability: f.lateProbability, bucket: f.bucket }])),
    timeline: events.map((e) => {
      const order = byGid.get(e.orderGid)!;
      return {
        id: e.id, receivableId: order.id, order: order.orderName, kind: e.kind, at: e.occurredAt,
        amountMinor: Number(e.amountMinor), currency: e.currency, detail: JSON.parse(e.detail) as Record<string, unknown>,
      };
    }),
  };
}
