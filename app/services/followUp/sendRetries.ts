/**
 * The sends a tick finds unfinished: failed ones whose back-off is over, and ones a dead process
 * left half done (claimed, maybe rendered, maybe sent), carried to their end once.
 */
import type { Db } from "../../db/client";
import type { FlowStep } from "../../domain/flows";
import { sendWhatsApp } from "./whatsappDelivery";
import { failForGood, finish, MAX_SEND_ATTEMPTS, SEND_LEASE_MS, sendEmail } from "./messageDelivery";
import { HISTORY } from "./planning";
import { settleGroup } from "./customerRun";
import type { SchedulerDeps, TickResult } from "./runScheduler";

/** Failed sends whose back-off is over, and sends a dead process left half done, go out again. */
export async function retryUnfinishedSends(db: Db, deps: SchedulerDeps, now: Date, result: TickResult) {
  const waiting = await db.message.findMany({
    where: { status: { in: ["failed", "sending"] }, sentAt: null, nextAttemptAt: { lte: now }, attempts: { lt: MAX_SEND_ATTEMPTS } },
    include: { receivable: { include: { customer: true, shop: true, messages: HISTORY } } },
    take: 500,
  });
  for (const message of waiting) {
    const claimed = await db.message.updateMany({
      where: { id: message.id, status: message.status, attempts: message.attempts },
      data: { status: "sending", attempts: { increment: 1 }, nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MS) },
    });
    if (claimed.count !== 1) continue;
    result.retried += 1;
    const receivable = message.receivable;
    const step = { key: message.stepKey, channel: message.channel as FlowStep["channel"], purpose: message.purpose as FlowStep["purpose"] };
    if (receivable.status !== "open" || receivable.workflowState) {
      // paid or stopped meanwhile: the reminder is no longer wanted; the orders that were to travel with it go in the next run
      await releaseGroup(db, message.id, now);
      await finish(db, message.id, { status: "failed", error: `not sent: the order is ${receivable.workflowState ?? receivable.status}`, sentAt: now, nextAttemptAt: null });
      continue;
    }
    if (message.channel === "whatsapp" && message.subject && message.text && deps.whatsapp && message.status === "failed") {
      // refused by Twilio before it was queued: the same template once more
      const template = { contentSid: message.subject, variables: JSON.parse(message.text) as Record<string, string> };
      await sendWhatsApp(db, deps.whatsapp, receivable, step, message.id, template, message.attempts + 1, now, result);
      await db.receivable.update({ where: { id: receivable.id }, data: { nextActionAt: now } });
      continue;
    }
    if (message.channel === "whatsapp") {
      // a process died in the middle of sending: whether it went out is unknown, so staff call instead of a second message
      await failForGood(db, receivable, step, message.id, "the WhatsApp message may or may not have been sent", now, result);
      continue;
    }
    if (message.channel !== "email") {
      // a task or letter whose process died after making the task: the task is there (unique per message)
      await finish(db, message.id, { status: "task", sentAt: now, nextAttemptAt: null });
      await settleGroup(db, message.id, null, now);
      continue;
    }
    if (!message.html || !message.text || !message.subject) {
      // the process died before rendering: nothing went out, so the claims are released and the steps planned anew
      await releaseGroup(db, message.id, now);
      await db.message.delete({ where: { id: message.id } });
      await db.receivable.update({ where: { id: receivable.id }, data: { nextActionAt: now } });
      continue;
    }
    await sendEmail(db, deps, receivable, step, message.id, { subject: message.subject, html: message.html, text: message.text }, message.attempts + 1, now, result);
    await settleGroup(db, message.id, null, now);
    await db.receivable.update({ where: { id: receivable.id }, data: { nextActionAt: now } });
  }
}

/** The steps that were to travel in a message that will not go out: claims released, their orders planned anew. */
async function releaseGroup(db: Db, leadId: string, now: Date) {
  const rows = await db.message.findMany({ where: { groupedInto: leadId, status: "grouped" }, select: { id: true, receivableId: true } });
  if (rows.length === 0) return;
  await db.message.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
  await db.receivable.updateMany({ where: { id: { in: rows.map((r) => r.receivableId) } }, data: { nextActionAt: now } });
}
