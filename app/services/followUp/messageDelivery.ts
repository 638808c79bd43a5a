/**
 * Delivering one Message row: email through the mailer with back-off, failures that end in a
 * staff task, and the timeline entry for each outcome. Used by the reminder scheduler and by the
 * notices sent to customers (dispute acknowledgement, arrangement confirmation, instalments).
 */
import type { Db } from "../../db/client";
import type { FlowStep } from "../../domain/flows";
import type { Mailer } from "../../adapters/email/mailer";
import { MailError } from "../../adapters/email/mailer";
import type { RenderedReminder } from "../../adapters/email/renderReminder";
import { isUniqueViolation } from "../ledger/dbErrors";
import { recordTimelineEntry } from "../ledger/timeline";
import { recordStepCarriedOut } from "../automation/flowEvents";
import { createTask } from "../insight/tasks";

export const MAX_SEND_ATTEMPTS = 5;
/** a claimed send not finished by then belongs to a process that died: it is retried */
export const SEND_LEASE_MS = 10 * 60_000;

export type ShopRow = NonNullable<Awaited<ReturnType<Db["shop"]["findUnique"]>>>;
export type CustomerRow = NonNullable<Awaited<ReturnType<Db["customer"]["findUnique"]>>>;

/** The receivable a message is about, with what delivery needs of its shop and customer. */
export interface DeliveryTarget {
  id: string;
  shopId: string;
  orderGid: string;
  orderName: string;
  currency: string;
  outstandingMinor: bigint;
  customer: CustomerRow | null;
  shop: ShopRow;
}

export interface DeliveryCounts {
  sent: number;
  failed: number;
}

/** A flow step, or a notice outside the flow (acknowledgements, arrangement confirmations). */
export type MessageStep = Pick<FlowStep, "key" | "channel"> & { purpose: FlowStep["purpose"] | "notice" };

export async function sendEmail(
  db: Db, deps: { mailer: Mailer; defaultFrom?: string }, receivable: DeliveryTarget, step: MessageStep, messageId: string,
  rendered: RenderedReminder, attempt: number, now: Date, result: DeliveryCounts,
) {
  const to = receivable.customer?.email;
  if (!to) return failForGood(db, receivable, step, messageId, "the customer has no email address", now, result);
  const shop = receivable.shop;
  const address = shop.senderEmail ?? deps.defaultFrom ?? process.env.DUNLY_MAIL_FROM ?? "reminders@dunly.app";
  try {
    const sent = await deps.mailer.send({
      from: `${(shop.senderName ?? shop.name).replace(/["<>]/g, "")} <${address}>`, to, replyTo: shop.replyTo ?? undefined,
      subject: rendered.subject, html: rendered.html, text: rendered.text, idempotencyKey: `dunly:${messageId}`,
    });
    const status = sent.delivered === "outbox" ? "outbox" : "sent";
    await finish(db, messageId, { status, sentAt: now, providerId: sent.delivered === "resend" ? sent.providerId : null });
    result.sent += 1;
    await timelineForMessage(db, receivable, messageId, step, status, now, { subject: rendered.subject, to });
  } catch (error) {
    const retryable = error instanceof MailError ? error.retryable : true;
    const message = error instanceof Error ? error.message : String(error);
    if (!retryable || attempt >= MAX_SEND_ATTEMPTS) return failForGood(db, receivable, step, messageId, message, now, result);
    // back-off: 5, 10, 20, 40 minutes; the same idempotency key makes Resend send it once
    await finish(db, messageId, { status: "failed", error: message, nextAttemptAt: new Date(now.getTime() + 5 * 60_000 * 2 ** (attempt - 1)) });
    result.failed += 1;
    await timelineForMessage(db, receivable, messageId, step, "failed", now, { error: message, attempt });
  }
}

/** A message that cannot go out: recorded, a staff task made, and the flow moves on. */
export async function failForGood(
  db: Db, receivable: DeliveryTarget, step: MessageStep, messageId: string, reason: string, now: Date, result: DeliveryCounts,
) {
  await finish(db, messageId, { status: "failed", error: reason, sentAt: now, nextAttemptAt: null });
  await createTask(db, { shopId: receivable.shopId, receivableId: receivable.id, messageId, kind: "delivery_failed", words: { text: "delivery_failed", order: receivable.orderName, reason } }, now);
  result.failed += 1;
  await timelineForMessage(db, receivable, messageId, step, "failed", now, { error: reason, final: true });
}

export async function finish(db: Db, id: string, data: { status: string; sentAt?: Date | null; error?: string | null; providerId?: string | null; nextAttemptAt?: Date | null; feeMinor?: number }) {
  const { feeMinor, ...rest } = data;
  await db.message.update({ where: { id }, data: { ...rest, ...(feeMinor !== undefined ? { feeMinor: BigInt(feeMinor) } : {}) } });
}

export async function timelineForMessage(
  db: Db, receivable: DeliveryTarget, messageId: string, step: MessageStep, status: string, now: Date,
  detail: Record<string, unknown>,
) {
  await recordTimelineEntry(db, {
    shopId: receivable.shopId, orderGid: receivable.orderGid, kind: "message",
    sourceKey: `message:${messageId}:${status}:${detail.attempt ?? ""}`, amountMinor: 0, currency: receivable.currency, occurredAt: now,
    detail: { stepKey: step.key, channel: step.channel, purpose: step.purpose, status, ...detail },
  });
  await recordStepCarriedOut(db, receivable, messageId, step, status, now);
}

/**
 * Claims a message: its idempotency key is unique, so only one process ever gets it. A customer's
 * grouped message is claimed by its lead row (customerRunKey: one per customer, channel and day);
 * the other orders' steps join it as "grouped" rows that are settled when the lead is.
 */
export async function claimMessage(
  db: Db, target: { id: string; shopId: string }, message: { stepKey: string; channel: string; purpose: string; locale: string; variant?: string | null },
  now: Date, status: "sending" | "skipped" | "grouped", group: { customerRunKey?: string; groupedInto?: string } = {},
) {
  try {
    return await db.message.create({
      data: {
        shopId: target.shopId, receivableId: target.id, stepKey: message.stepKey, idempotencyKey: `${target.id}:${message.stepKey}`,
        variant: message.variant ?? null, customerRunKey: group.customerRunKey ?? null, groupedInto: group.groupedInto ?? null,
        channel: message.channel, purpose: message.purpose, locale: message.locale, status, attempts: status === "sending" ? 1 : 0,
        createdAt: now, sentAt: status === "skipped" ? now : null,
        nextAttemptAt: status === "sending" ? new Date(now.getTime() + SEND_LEASE_MS) : null,
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** Renders nothing itself: stores the rendered email on the claimed message and sends it. */
export async function deliverRenderedEmail(
  db: Db, deps: { mailer: Mailer; defaultFrom?: string }, target: DeliveryTarget, step: MessageStep, messageId: string,
  rendered: RenderedReminder, now: Date, counts: DeliveryCounts,
) {
  await db.message.update({
    where: { id: messageId },
    data: { subject: rendered.subject, html: rendered.html, text: rendered.text, toAddress: target.customer?.email ?? null },
  });
  await sendEmail(db, deps, target, step, messageId, rendered, 1, now, counts);
}
