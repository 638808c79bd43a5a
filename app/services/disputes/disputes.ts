/**
 * Disputes: opened by staff, by the customer on their page, or from a Shopify Payments dispute.
 * While one is open the reminders of the order stand still; the resolution resumes or ends them.
 */
import { recordFlowEvent } from "../automation/flowEvents";
import type { Db } from "../../db/client";
import { assertWorkflowAllows, moveWorkflow } from "../ledger/receivableWorkflow";
import { formatDate } from "../../adapters/email/renderReminder";
import { DISPUTE_REASONS, RESOLUTIONS } from "../../domain/disputes";
import { recordTimelineEntry } from "../ledger/timeline";
import { raiseAlert } from "../insight/alerts";
import { sendNotice, type NoticeDeps } from "../followUp/customerNotices";
import { noticeKey } from "../../domain/noticeKeys";
import { createTask } from "../insight/tasks";
import { RefusalError } from "../../domain/refusals";

export class DisputeError extends RefusalError {
  override name = "DisputeError";
}

/** A workflow state a dispute must not overwrite: the case has left our hands. */
/** after a credit or correction, Shopify needs a moment to show the new amount before reminders resume */
const SETTLE_DAYS = 7;

export interface OpenDisputeInput {
  shopId: string;
  receivableId: string;
  source: "customer" | "staff" | "shopify";
  reason: string;
  message: string;
  assignee?: string | null;
  shopifyDisputeGid?: string | null;
}

export async function openDispute(db: Db, deps: NoticeDeps | null, input: OpenDisputeInput, now: Date) {
  if (!(DISPUTE_REASONS as readonly string[]).includes(input.reason)) throw new DisputeError("choose one of the listed reasons", { code: "dispute_reason" });
  const text = input.message.trim();
  if (text.length > 2000) throw new DisputeError("the message is longer than 2,000 characters", { code: "dispute_too_long", max: 2000 });
  if (input.source !== "shopify" && text.length === 0) throw new DisputeError("please describe the problem", { code: "dispute_empty" });
  const receivable = await db.receivable.findFirst({ where: { id: input.receivableId, shopId: input.shopId }, include: { shop: true } });
  if (!receivable) throw new DisputeError("no such order in this shop", { code: "unknown_order" });

  // one open dispute per order: a second report joins its thread
  const open = await db.dispute.findFirst({ where: { receivableId: receivable.id, status: "open" } });
  if (open) {
    await db.disputeMessage.create({ data: { disputeId: open.id, author: input.source === "staff" ? "staff" : "customer", body: text, createdAt: now } });
    return { dispute: open, created: false };
  }
  assertWorkflowAllows(receivable, "open_dispute");
  const dispute = await db.dispute.create({
    data: {
      shopId: input.shopId, receivableId: receivable.id, source: input.source, reason: input.reason, status: "open",
      assignee: input.assignee ?? null, openedAt: now, slaDueAt: new Date(now.getTime() + receivable.shop.disputeSlaHours * 3_600_000),
      shopifyDisputeGid: input.shopifyDisputeGid ?? null,
      messages: text ? { create: { author: input.source === "staff" ? "staff" : "customer", body: text, createdAt: now } } : undefined,
    },
  });
  await moveWorkflow(db, receivable, "open_dispute", now);
  await recordTimelineEntry(db, {
    shopId: input.shopId, orderGid: receivable.orderGid, kind: "dispute", sourceKey: `dispute:${dispute.id}:opened`,
    amountMinor: 0, currency: receivable.currency, occurredAt: now,
    detail: { status: "opened", source: input.source, reason: input.reason, disputeId: dispute.id },
  });
  await recordFlowEvent(db, {
    shopId: input.shopId, handle: "dispute-opened", key: `dispute:${dispute.id}:opened`, orderGid: receivable.orderGid, customerId: receivable.customerId,
    values: { Reason: dispute.reason, Source: dispute.source, "Answer by": dispute.slaDueAt.toISOString() },
  }, now);
  if (deps && input.source === "customer") {
    await sendNotice(db, deps, receivable.id, {
      stepKey: noticeKey.disputeAcknowledged(dispute.id), purpose: "notice", subjectKey: "disputeAck.subject", bodyKeys: ["disputeAck.body"],
      values: (locale) => ({ answerBy: formatDate(dispute.slaDueAt, locale, receivable.shop.timeZone) }),
    }, now);
  }
  return { dispute, created: true };
}

export async function resolveDispute(
  db: Db, input: { shopId: string; disputeId: string; resolution: string; note: string; staff?: string | null }, now: Date,
) {
  if (!(RESOLUTIONS as readonly string[]).includes(input.resolution)) throw new DisputeError("resolve with credit, corrected or rejected", { code: "dispute_resolution" });
  const dispute = await db.dispute.findFirst({ where: { id: input.disputeId, shopId: input.shopId }, include: { receivable: true } });
  if (!dispute) throw new DisputeError("no such dispute in this shop", { code: "unknown_dispute" });
  if (dispute.status !== "open") throw new DisputeError("this dispute is already resolved", { code: "dispute_resolved" });
  await db.dispute.update({
    where: { id: dispute.id },
    data: {
      status: "resolved", resolution: input.resolution, resolvedAt: now,
      messages: { create: { author: "staff", body: input.note.trim() || `resolved: ${input.resolution}`, createdAt: now } },
    },
  });
  const receivable = dispute.receivable;
  const othersOpen = await db.dispute.count({ where: { receivableId: receivable.id, status: "open" } });
  if (othersOpen === 0) {
    const arrangementRunning = (await db.arrangement.count({ where: { receivableId: receivable.id, status: { in: ["active", "pending_approval"] } } })) > 0;
    const next = await moveWorkflow(db, receivable, "resolve_dispute", now, { arrangementRunning });
    // a credit or correction takes a few days to reach the ledger: no reminder in between
    if (receivable.workflowState === "disputed" && next === null && input.resolution !== "rejected") {
      await db.receivable.update({
        where: { id: receivable.id },
        data: { pausedUntil: new Date(now.getTime() + SETTLE_DAYS * 86_400_000), pauseReason: `dispute resolved: ${input.resolution}` },
      });
    }
  }
  await recordTimelineEntry(db, {
    shopId: input.shopId, orderGid: receivable.orderGid, kind: "dispute", sourceKey: `dispute:${dispute.id}:resolved`,
    amountMinor: 0, currency: receivable.currency, occurredAt: now,
    detail: { status: "resolved", resolution: input.resolution, by: input.staff ?? null, disputeId: dispute.id },
  });
}

/** Open disputes past their answer-by time get a task for staff, once each. */
export async function flagDisputesPastSla(db: Db, now: Date): Promise<number> {
  const late = await db.dispute.findMany({ where: { status: "open", slaDueAt: { lt: now } }, include: { receivable: true } });
  let flagged = 0;
  for (const dispute of late) {
    const raised = await raiseAlert(db, {
      shopId: dispute.shopId, key: `dispute_sla:${dispute.id}`, receivableId: dispute.receivableId,
      words: { text: "dispute_sla", order: dispute.receivable.orderName },
    }, now);
    if (!raised) continue; // alerted (and tasked) before
    await recordFlowEvent(db, {
      shopId: dispute.shopId, handle: "dispute-past-answer-by", key: `dispute:${dispute.id}:late`, orderGid: dispute.receivable.orderGid,
      customerId: dispute.receivable.customerId, values: { Reason: dispute.reason, "Answer by": dispute.slaDueAt.toISOString() },
    }, now);
    await createTask(db, {
      shopId: dispute.shopId, receivableId: dispute.receivableId, kind: "dispute_sla", assignee: dispute.assignee, words: { text: "dispute_sla", order: dispute.receivable.orderName },
    }, now);
    flagged += 1;
  }
  return flagged;
}
