/** Carrying out one order's step on its own: an SMS, a task, a letter or an email about that order. */
import type { Db } from "../../db/client";
import type { FlowStep } from "../../domain/flows";
import { receivableKindOf } from "../../domain/renewals";
import type { CurrencyCode } from "../../domain/money";
import { collectionCosts } from "../../domain/fees";
import { fourteenDayDeadline, type LocalDate } from "../../domain/fees/fourteenDayLetter";
import { isPhoneNumber, SmsError } from "../../adapters/sms/provider";
import { formatDate, renderReminder } from "../../adapters/email/renderReminder";
import { reminderLocale, reminderText } from "../../i18n/reminders";
import { deliverRenderedEmail, failForGood, finish, timelineForMessage } from "./messageDelivery";
import { createTask } from "../insight/tasks";
import type { TaskWords } from "../../i18n/taskTexts";
import { personName } from "../../domain/customerNames";
import { recordTimelineEntry } from "../ledger/timeline";
import { emailStopNote } from "./emailEvents";
import type { Candidate } from "./planning";
import { deliverWhatsAppStep } from "./whatsappDelivery";
import { transferFor } from "./transferDetails";
import { owedText, presentedOwed, type OwedRow } from "../ledger/owedAmount";
import type { SchedulerDeps, TickResult } from "./runScheduler";

export async function carryOut(
  db: Db, deps: SchedulerDeps, receivable: Candidate & Partial<OwedRow>, step: FlowStep, messageId: string, now: Date, result: TickResult, subjectPrefix?: string,
) {
  const locale = reminderLocale(receivable.customer?.locale ?? null, receivable.customer?.countryCode ?? null);
  const callInstead = callInsteadOf(deps, receivable, step);
  // collection costs are announced in writing: a call made instead announces nothing
  const fee = step.chargesFee && !callInstead ? feeFor(receivable, step, now) : null;
  if (fee) {
    await recordTimelineEntry(db, {
      shopId: receivable.shopId, orderGid: receivable.orderGid, kind: "fee", sourceKey: `fee:${messageId}`,
      amountMinor: fee.amountMinor, currency: receivable.currency, occurredAt: now,
      detail: { announced: true, payBefore: fee.deadline, profile: receivable.shop.legalProfile, stepKey: step.key },
    });
  }
  // the customer's currency for the amounts they read: the order as Shopify last showed it (a due page reads no snapshot)
  const snapshot = receivable.snapshot ?? (await db.receivable.findUniqueOrThrow({ where: { id: receivable.id }, select: { snapshot: true } })).snapshot;
  const owed = { ...receivable, snapshot };
  const values = {
    order: receivable.orderName,
    amount: owedText(owed, locale),
  };
  if (step.channel === "sms" && deps.sms && !callInstead) {
    const body = reminderText(locale, "smsText", {
      ...values, shop: receivable.shop.name, payUrl: receivable.paymentUrl ?? "",
      dueDate: formatDate(receivable.dueAt, locale, receivable.shop.timeZone),
    });
    await db.message.update({ where: { id: messageId }, data: { text: body, toAddress: receivable.customer!.phone } });
    try {
      const sent = await deps.sms.send({ to: receivable.customer!.phone!, body });
      await finish(db, messageId, { status: "sent", sentAt: now, providerId: sent.providerId, feeMinor: fee?.amountMinor });
      result.sent += 1;
      return timelineForMessage(db, receivable, messageId, step, "sent", now, { to: receivable.customer!.phone });
    } catch (error) {
      // a text that may or may not have gone out is not repeated: staff call instead
      const reason = error instanceof SmsError ? error.message : String(error);
      return failForGood(db, receivable, step, messageId, reason, now, result);
    }
  }
  if (step.channel === "whatsapp" && deps.whatsapp && !callInstead) {
    if (fee) await db.message.update({ where: { id: messageId }, data: { feeMinor: BigInt(fee.amountMinor) } });
    return deliverWhatsAppStep(db, deps.whatsapp, receivable, step, messageId, locale, deps.customerPageUrl?.(receivable) ?? null, now, result);
  }
  if (step.channel === "task" || callInstead) {
    const kind = step.purpose === "hand_over" ? "hand_over" : "call";
    const order = receivable.orderName;
    const words: TaskWords = kind === "hand_over" ? { text: "hand_over", order, amountMinor: Number(receivable.outstandingMinor), currency: receivable.currency } : { text: "call", order };
    await createTask(db, { shopId: receivable.shopId, receivableId: receivable.id, messageId, kind, words }, now);
    const error = callInstead ? `${callInstead}: a call task was made instead` : null;
    await finish(db, messageId, { status: "task", sentAt: now, feeMinor: fee?.amountMinor, error });
    result.tasks += 1;
    return timelineForMessage(db, receivable, messageId, step, "task", now, { task: kind });
  }
  const rendered = await renderReminder({
    locale, step, fee,
    shop: { name: receivable.shop.name, logoUrl: receivable.shop.logoUrl, brandColor: receivable.shop.brandColor, timeZone: receivable.shop.timeZone },
    customerName: personName(receivable.customer), orderName: receivable.orderName,
    currency: receivable.currency as CurrencyCode, outstandingMinor: Number(receivable.outstandingMinor), presented: presentedOwed(owed), dueAt: receivable.dueAt,
    payUrl: receivable.paymentUrl, customerPageUrl: deps.customerPageUrl?.(receivable) ?? null,
    transfer: transferFor(receivable.shop, receivable.orderName), renewal: receivableKindOf(receivable.orderGid) === "renewal",
  });
  if (subjectPrefix) rendered.subject = `${subjectPrefix} ${rendered.subject}`;
  if (fee) await db.message.update({ where: { id: messageId }, data: { feeMinor: BigInt(fee.amountMinor) } });
  if (step.channel === "letter") {
    await db.message.update({ where: { id: messageId }, data: { subject: rendered.subject, html: rendered.html, text: rendered.text } });
    await createTask(db, { shopId: receivable.shopId, receivableId: receivable.id, messageId, kind: "letter", words: { text: "letter", orders: [receivable.orderName] } }, now);
    await finish(db, messageId, { status: "task", sentAt: now });
    result.tasks += 1;
    return timelineForMessage(db, receivable, messageId, step, "letter", now, { subject: rendered.subject });
  }
  await deliverRenderedEmail(db, deps, receivable, step, messageId, rendered, now, result);
}

/** Why a written step becomes a call, or null when it goes out as planned. */
export function callInsteadOf(deps: SchedulerDeps, receivable: Candidate, step: FlowStep): string | null {
  if (step.channel === "sms" && !(deps.sms && isPhoneNumber(receivable.customer?.phone))) return "no SMS provider or no mobile number";
  if (step.channel === "whatsapp" && !(deps.whatsapp && isPhoneNumber(receivable.customer?.phone))) return "no WhatsApp sender or no mobile number";
  return step.channel === "email" ? emailStopNote(receivable.customer) : null;
}

export function feeFor(receivable: Candidate, step: FlowStep, now: Date): { amountMinor: number; deadline: LocalDate } | null {
  const amountMinor = collectionCosts(receivable.shop.legalProfile, Number(receivable.outstandingMinor), receivable.currency);
  if (amountMinor === 0) return null;
  const channel = step.channel === "letter" ? "letter" : "email";
  return { amountMinor, deadline: fourteenDayDeadline(now, channel, receivable.shop.timeZone) };
}
