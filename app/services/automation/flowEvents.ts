/**
 * Recording Shopify Flow trigger events where they happen: once per event (the key is unique per
 * shop, so two processes seeing the same event record it once), and only for triggers a workflow
 * of the shop uses (Flow's lifecycle callbacks say which). The worker sends them (flowEventSender).
 */
import type { Db } from "../../db/client";
import { flowTrigger, payloadKey, triggerPayloadProblems, type FlowTriggerHandle } from "../../domain/flowTriggers";
import { asCurrency, toDecimalString } from "../../domain/money";
import { isUniqueViolation } from "../ledger/dbErrors";
import { parseShopifyJson, stringifyJson } from "../../adapters/shopify/json";
import { ANY_TRIGGER } from "./flowLifecycle";
import { receivableKindOf } from "../../domain/renewals";

export interface FlowEventInput {
  shopId: string;
  handle: FlowTriggerHandle;
  /** what makes the event happen once, e.g. `step:<message id>` */
  key: string;
  orderGid?: string | null;
  customerGid?: string | null;
  /** the customer's row id, when the caller does not have the Shopify id at hand (looked up only for a used trigger) */
  customerId?: string | null;
  /** the trigger's custom fields, by their keys */
  values: Record<string, string | number>;
}

/** A money amount for a number_decimal field: the exact decimal, turned into a JSON number only at this boundary. */
export function flowAmount(minor: number | bigint, currency: string): number {
  return Number(toDecimalString(Number(minor), asCurrency(currency)));
}

/** The numeric id of a gid: a number, or a bigint beyond 2^53 (written as bare digits all the same). */
function numericId(gid: string | null | undefined): number | bigint | null {
  const id = gid ? /\/(\d+)$/.exec(gid)?.[1] : undefined;
  if (!id) return null;
  return Number.isSafeInteger(Number(id)) ? Number(id) : BigInt(id);
}

const REFERENCE_KEYS = new Set(["order_id", "customer_id"]);

/** A stored payload as it goes to Flow: reference ids beyond 2^53 back to bigints. */
export function readPayload(text: string): Record<string, unknown> {
  const payload = parseShopifyJson(text) as Record<string, unknown>;
  for (const key of REFERENCE_KEYS) if (typeof payload[key] === "string") payload[key] = BigInt(payload[key] as string);
  return payload;
}

/**
 * Queues the trigger when a workflow of the shop starts with it. Returns whether it was queued:
 * not when the trigger is unused, when it was queued before, or when the event has no customer
 * (Flow needs the reference; an order without a customer is not followed up anyway). A renewal
 * is no order of its own: Flow hears of the subscription's first order.
 */
export async function recordFlowEvent(db: Db, event: FlowEventInput, now: Date): Promise<boolean> {
  const use = await db.flowTriggerUse.findFirst({
    where: { shopId: event.shopId, enabled: true, OR: [{ handle: event.handle }, { handle: { startsWith: ANY_TRIGGER } }] }, select: { shopId: true },
  });
  if (!use) return false;
  if (!event.customerGid && event.customerId) {
    event = { ...event, customerGid: (await db.customer.findUnique({ where: { id: event.customerId }, select: { gid: true } }))?.gid };
  }
  if (event.orderGid && receivableKindOf(event.orderGid) === "renewal") event = { ...event, orderGid: await originOrderOf(db, event.shopId, event.orderGid) };
  const payload = payloadOf(event);
  if (!payload) return false;
  try {
    await db.flowEvent.create({
      data: { shopId: event.shopId, handle: event.handle, eventKey: event.key, payload: stringifyJson(payload), status: "pending", nextAttemptAt: now, createdAt: now },
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** The first order of the subscription a renewal (by its receivable's key) belongs to; null for one failed before that was kept. */
async function originOrderOf(db: Db, shopId: string, renewalKey: string): Promise<string | null> {
  const renewal = await db.subscriptionRenewal.findFirst({ where: { shopId, receivable: { shopId, orderGid: renewalKey } }, select: { originOrderGid: true } });
  return renewal?.originOrderGid ?? null;
}

/** The payload in the order the trigger declares its fields, or null without the references it needs. */
function payloadOf(event: FlowEventInput): Record<string, unknown> | null {
  const definition = flowTrigger(event.handle)!;
  const payload: Record<string, unknown> = {};
  for (const field of definition.fields) {
    const key = payloadKey(field);
    if (field.type === "order_reference" || field.type === "customer_reference") {
      const id = numericId(field.type === "order_reference" ? event.orderGid : event.customerGid);
      if (id === null) return null;
      payload[key] = id;
    } else {
      payload[key] = event.values[key];
    }
  }
  const problems = triggerPayloadProblems(definition, payload);
  // the app's own mistake, not the merchant's: it must not reach Flow half right
  if (problems.length) throw new Error(`Flow trigger ${event.handle}: ${problems.join("; ")}`);
  return payload;
}

/** The amount fields most triggers carry. */
export function owedValues(r: { outstandingMinor: number | bigint; currency: string }): Record<string, string | number> {
  return { "Amount outstanding": flowAmount(r.outstandingMinor, r.currency), Currency: r.currency };
}

const CARRIED_OUT = new Set(["sent", "outbox", "task", "letter"]);

/** A reminder step went out (or became its call or letter task): "Payment reminder sent", and "Final notice sent" for a final notice. */
export async function recordStepCarriedOut(
  db: Db, target: { shopId: string; orderGid: string; outstandingMinor: number | bigint; currency: string; customer: { gid: string } | null; shop: { flowTriggersInUse: boolean } },
  messageId: string, step: { key: string; channel: string; purpose: string }, status: string, now: Date,
): Promise<void> {
  if (!CARRIED_OUT.has(status) || step.purpose === "notice" || !target.shop.flowTriggersInUse) return;
  const about = { shopId: target.shopId, orderGid: target.orderGid, customerGid: target.customer?.gid };
  const channel = status === "task" && step.channel !== "task" ? "task" : step.channel;
  await recordFlowEvent(db, {
    ...about, handle: "reminder-step-sent", key: `step:${messageId}`,
    values: { Step: step.key, Purpose: step.purpose, Channel: channel, ...owedValues(target) },
  }, now);
  if (step.purpose === "final_notice") {
    await recordFlowEvent(db, { ...about, handle: "final-notice-sent", key: `final:${messageId}`, values: { Channel: channel, ...owedValues(target) } }, now);
  }
}

/** How long after its due date a receivable still counts as newly overdue (a worker that was down catches up). */
const OVERDUE_WINDOW_MS = 3 * 86_400_000;

/**
 * "Invoice became overdue" for orders on credit whose due date passed since the trigger came
 * into use (at most three days back), each once per due date: a new due date is a new event.
 */
export async function recordNewlyOverdue(db: Db, now: Date): Promise<number> {
  const uses = await db.flowTriggerUse.findMany({
    where: { enabled: true, shop: { uninstalledAt: null }, OR: [{ handle: "receivable-overdue" }, { handle: { startsWith: ANY_TRIGGER } }] },
    orderBy: { changedAt: "asc" }, distinct: ["shopId"],
  });
  let recorded = 0;
  for (const use of uses) {
    const since = new Date(Math.max(use.changedAt.getTime(), now.getTime() - OVERDUE_WINDOW_MS));
    const due = await db.receivable.findMany({
      where: { shopId: use.shopId, creditSale: true, status: "open", dueAt: { gt: since, lte: now }, outstandingMinor: { gt: 0 } },
      select: { id: true, orderGid: true, outstandingMinor: true, currency: true, dueAt: true, customer: { select: { gid: true } } },
    });
    if (due.length === 0) continue;
    const keys = due.map((r) => overdueKey(r));
    const known = new Set((await db.flowEvent.findMany({ where: { shopId: use.shopId, eventKey: { in: keys } }, select: { eventKey: true } })).map((e) => e.eventKey));
    for (const r of due) {
      if (known.has(overdueKey(r))) continue;
      const queued = await recordFlowEvent(db, {
        shopId: use.shopId, handle: "receivable-overdue", key: overdueKey(r), orderGid: r.orderGid, customerGid: r.customer?.gid,
        values: { ...owedValues(r), "Due date": r.dueAt.toISOString().slice(0, 10) },
      }, now);
      if (queued) recorded += 1;
    }
  }
  return recorded;
}

function overdueKey(r: { id: string; dueAt: Date }): string {
  return `overdue:${r.id}:${r.dueAt.toISOString().slice(0, 10)}`;
}
