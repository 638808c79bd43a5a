/** One receivable as the order page shows it: numbers, the flow's next step, the timeline. */
import { owedValues, recordFlowEvent } from "../automation/flowEvents";
import { Prisma, type Db } from "../../db/client";
import { moveWorkflow } from "./receivableWorkflow";
import { previewNextStep } from "../followUp/runScheduler";
import { recordTimelineEntry } from "./timeline";
import { receivableIdIn, withReceivablesLocked } from "./receivableLock";
import { RefusalError } from "../../domain/refusals";

export async function receivableDetail(db: Db, shopId: string, id: string, now: Date) {
  const receivable = await db.receivable.findFirst({
    where: { id, shopId },
    include: {
      customer: true,
      messages: { orderBy: { createdAt: "asc" }, select: { id: true, stepKey: true, status: true, channel: true, sentAt: true, subject: true, feeMinor: true } },
      disputes: { where: { status: "open" }, select: { id: true, reason: true } },
      arrangements: { where: { status: { in: ["active", "pending_approval"] } }, select: { id: true, status: true } },
      forecast: { select: { lateProbability: true, bucket: true, reasons: true } },
      renewal: true,
      shop: { select: { renewalRetryDays: true, renewalFinalAction: true } },
    },
  });
  if (!receivable) return null;
  const [timeline, plan] = await Promise.all([
    db.ledgerEvent.findMany({ where: { shopId, orderGid: receivable.orderGid }, orderBy: [{ occurredAt: "desc" }, { recordedAt: "desc" }], take: 200 }),
    previewNextStep(db, shopId, id, now),
  ]);
  return { receivable, timeline, plan };
}

export class ReceivableActionError extends RefusalError {
  override name = "ReceivableActionError";
}

/** Staff decisions that end the follow-up: hand over to a collection agency, or write off. */
export async function closeFollowUp(db: Db, shopId: string, id: string, state: "handed_over" | "written_off", note: string, now: Date) {
  const receivable = await db.receivable.findFirst({ where: { id, shopId } });
  if (!receivable) throw new ReceivableActionError("no such receivable in this shop", { code: "unknown_order" });
  if (receivable.status !== "open") throw new ReceivableActionError("only an open receivable can be handed over or written off", { code: "not_open" });
  await moveWorkflow(db, receivable, state === "handed_over" ? "hand_over" : "write_off", now);
  await recordTimelineEntry(db, {
    shopId, orderGid: receivable.orderGid, kind: "pause", sourceKey: `${state}:${id}:${now.toISOString()}`, amountMinor: Number(receivable.outstandingMinor),
    currency: receivable.currency, occurredAt: now, detail: { state, note: note.trim().slice(0, 1000) },
  });
  if (state === "handed_over") {
    await recordFlowEvent(db, {
      shopId, handle: "order-handed-over", key: `handed_over:${id}:${now.toISOString()}`, orderGid: receivable.orderGid, customerId: receivable.customerId,
      values: owedValues(receivable),
    }, now);
  }
}

export async function addNote(db: Db, shopId: string, id: string, note: string, author: string | null, now: Date) {
  const text = note.trim();
  if (!text) throw new ReceivableActionError("the note is empty", { code: "note_empty" });
  if (text.length > 2000) throw new ReceivableActionError("the note is longer than 2,000 characters", { code: "note_too_long", max: 2000 });
  const receivable = await db.receivable.findFirst({ where: { id, shopId } });
  if (!receivable) throw new ReceivableActionError("no such receivable in this shop", { code: "unknown_order" });
  await recordTimelineEntry(db, {
    shopId, orderGid: receivable.orderGid, kind: "note", sourceKey: `note:${id}:${now.toISOString()}`, amountMinor: 0,
    currency: receivable.currency, occurredAt: now, detail: { note: text, author },
  });
}

/** "Send next reminder now": the scheduler sends the next step at its next tick, whatever its date. */
export async function requestSendNow(db: Db, shopId: string, ids: string[], now: Date): Promise<number> {
  const where = { shopId, id: { in: ids }, status: "open", workflowState: null };
  const updated = await withReceivablesLocked(db, Prisma.sql`"shopId" = ${shopId} AND ${receivableIdIn(ids)}`, (locked) =>
    locked.receivable.updateMany({ where, data: { sendNextNow: true, nextActionAt: now } }));
  return updated.count;
}

/** Staff type "#1001" or "1001": the order of this shop with that name, if any. */
export function findByOrderName(db: Db, shopId: string, typed: string) {
  const name = typed.trim();
  return db.receivable.findFirst({ where: { shopId, orderName: name.startsWith("#") ? name : `#${name}` } });
}
