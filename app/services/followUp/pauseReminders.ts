/** Reminder stops ("reminder stop") with a reason and an end date, per order or per customer. */
import { Prisma, type Db } from "../../db/client";
import { recordTimelineEntry } from "../ledger/timeline";
import { withReceivablesLocked } from "../ledger/receivableLock";
import { RefusalError } from "../../domain/refusals";

export class PauseError extends RefusalError {
  override name = "PauseError";
}

const MAX_PAUSE_DAYS = 366;

function checkPause(until: Date, reason: string, now: Date): string {
  const text = reason.trim();
  if (!text) throw new PauseError("a pause needs a reason", { code: "pause_reason_missing" });
  if (text.length > 500) throw new PauseError("the reason is longer than 500 characters", { code: "pause_reason_too_long", max: 500 });
  if (Number.isNaN(until.getTime()) || until <= now) throw new PauseError("the end date must lie in the future", { code: "pause_end_not_future" });
  if (until.getTime() - now.getTime() > MAX_PAUSE_DAYS * 86_400_000) throw new PauseError(`a pause lasts at most ${MAX_PAUSE_DAYS} days`, { code: "pause_too_long", days: MAX_PAUSE_DAYS });
  return text;
}

export async function pauseReceivable(db: Db, shopId: string, receivableId: string, until: Date, reason: string, now: Date) {
  const text = checkPause(until, reason, now);
  const receivable = await db.receivable.findFirst({ where: { id: receivableId, shopId } });
  if (!receivable) throw new PauseError("no such receivable in this shop", { code: "unknown_order" });
  await db.receivable.update({ where: { id: receivable.id }, data: { pausedUntil: until, pauseReason: text, nextActionAt: now } });
  await recordTimelineEntry(db, {
    shopId, orderGid: receivable.orderGid, kind: "pause", sourceKey: `pause:${receivable.id}:${now.toISOString()}`,
    amountMinor: 0, currency: receivable.currency, occurredAt: now, detail: { until: until.toISOString(), reason: text, scope: "order" },
  });
}

export async function resumeReceivable(db: Db, shopId: string, receivableId: string, now: Date) {
  const receivable = await db.receivable.findFirst({ where: { id: receivableId, shopId } });
  if (!receivable) throw new PauseError("no such receivable in this shop", { code: "unknown_order" });
  await db.receivable.update({ where: { id: receivable.id }, data: { pausedUntil: null, pauseReason: null, nextActionAt: now } });
  await recordTimelineEntry(db, {
    shopId, orderGid: receivable.orderGid, kind: "pause", sourceKey: `resume:${receivable.id}:${now.toISOString()}`,
    amountMinor: 0, currency: receivable.currency, occurredAt: now, detail: { resumed: true, scope: "order" },
  });
}

/** A customer's reminder stop covers all their open orders; each order's timeline shows it. */
export async function pauseCustomer(db: Db, shopId: string, customerId: string, until: Date, reason: string, now: Date) {
  const text = checkPause(until, reason, now);
  const customer = await db.customer.findFirst({ where: { id: customerId, shopId } });
  if (!customer) throw new PauseError("no such customer in this shop", { code: "unknown_customer" });
  await db.customer.update({ where: { id: customer.id }, data: { reminderPausedUntil: until, reminderPauseReason: text } });
  await replanCustomerOrders(db, shopId, customer.id, "pause", { until: until.toISOString(), reason: text, scope: "customer" }, now);
}

/** A customer's stop changed: each open order plans anew at once, and its timeline says why. */
async function replanCustomerOrders(db: Db, shopId: string, customerId: string, what: "pause" | "resume", detail: Record<string, unknown>, now: Date) {
  const open = await db.receivable.findMany({ where: { shopId, customerId, status: "open" } });
  await withReceivablesLocked(db, Prisma.sql`"shopId" = ${shopId} AND "customerId" = ${customerId} AND "status" = 'open'`, (locked) =>
    locked.receivable.updateMany({ where: { shopId, customerId, status: "open" }, data: { nextActionAt: now } }));
  for (const receivable of open) {
    await recordTimelineEntry(db, {
      shopId, orderGid: receivable.orderGid, kind: "pause", sourceKey: `${what}:${customerId}:${receivable.id}:${now.toISOString()}`,
      amountMinor: 0, currency: receivable.currency, occurredAt: now, detail,
    });
  }
}

/** Lifts a customer's reminder stop: each open order plans its next step at once (its own pause, if any, stands). */
export async function resumeCustomer(db: Db, shopId: string, customerId: string, now: Date) {
  const customer = await db.customer.findFirst({ where: { id: customerId, shopId } });
  if (!customer) throw new PauseError("no such customer in this shop", { code: "unknown_customer" });
  await db.customer.update({ where: { id: customer.id }, data: { reminderPausedUntil: null, reminderPauseReason: null } });
  await replanCustomerOrders(db, shopId, customer.id, "resume", { resumed: true, scope: "customer" }, now);
}
