/**
 * WhatsApp steps through Twilio: the step's approved template (Content SID) with its variables.
 * Like a text message it is sent once: an answer that leaves it unclear whether it went out makes a
 * call task. Twilio refusing it before it was queued (429, 5xx) is retried with a back-off, under
 * the same claim, from what the message row kept (the Content SID and the variables).
 */
import type { Db } from "../../db/client";
import type { FlowStep, WhatsAppValue } from "../../domain/flows";
import { formatMoney, type CurrencyCode } from "../../domain/money";
import { formatDate } from "../../adapters/email/renderReminder";
import { SmsError, type WhatsAppProvider } from "../../adapters/sms/provider";
import type { ReminderLocale } from "../../i18n/reminders";
import { failForGood, finish, MAX_SEND_ATTEMPTS, timelineForMessage, type DeliveryCounts, type DeliveryTarget, type MessageStep } from "./messageDelivery";
import { personName } from "../../domain/customerNames";

export interface WhatsAppTarget extends DeliveryTarget {
  outstandingMinor: bigint;
  dueAt: Date;
  paymentUrl: string | null;
}

/** {{1}}, {{2}}, ... of the template, filled in the order the step names them. */
export function templateVariables(
  names: readonly WhatsAppValue[], receivable: WhatsAppTarget, locale: ReminderLocale, customerPageUrl: string | null,
): Record<string, string> {
  const values: Record<WhatsAppValue, string> = {
    name: personName(receivable.customer) ?? "", order: receivable.orderName, shop: receivable.shop.name,
    amount: formatMoney(Number(receivable.outstandingMinor), receivable.currency as CurrencyCode, locale),
    dueDate: formatDate(receivable.dueAt, locale, receivable.shop.timeZone), payUrl: receivable.paymentUrl ?? "", customerPage: customerPageUrl ?? "",
  };
  return Object.fromEntries(names.map((name, i) => [String(i + 1), values[name]]));
}

/** Sends (or re-sends after a refusal) the template the message row holds. */
export async function sendWhatsApp(
  db: Db, provider: WhatsAppProvider, receivable: DeliveryTarget, step: MessageStep, messageId: string,
  template: { contentSid: string; variables: Record<string, string> }, attempt: number, now: Date, result: DeliveryCounts,
) {
  const to = receivable.customer!.phone!;
  try {
    const sent = await provider.sendTemplate({ to, ...template });
    await finish(db, messageId, { status: "sent", sentAt: now, providerId: sent.providerId, nextAttemptAt: null });
    result.sent += 1;
    await timelineForMessage(db, receivable, messageId, step, "sent", now, { to });
  } catch (error) {
    const reason = error instanceof SmsError ? error.message : String(error);
    if (!(error instanceof SmsError && error.retryable) || attempt >= MAX_SEND_ATTEMPTS) {
      return failForGood(db, receivable, step, messageId, reason, now, result);
    }
    await finish(db, messageId, { status: "failed", error: reason, nextAttemptAt: new Date(now.getTime() + 5 * 60_000 * 2 ** (attempt - 1)) });
    result.failed += 1;
    await timelineForMessage(db, receivable, messageId, step, "failed", now, { error: reason, attempt });
  }
}

/** The first send of a WhatsApp step: the template and its variables are kept on the row for a retry. */
export async function deliverWhatsAppStep(
  db: Db, provider: WhatsAppProvider, receivable: WhatsAppTarget, step: FlowStep, messageId: string, locale: ReminderLocale,
  customerPageUrl: string | null, now: Date, result: DeliveryCounts,
) {
  const template = { contentSid: step.whatsapp!.contentSid, variables: templateVariables(step.whatsapp!.variables, receivable, locale, customerPageUrl) };
  await db.message.update({
    where: { id: messageId },
    data: { toAddress: receivable.customer!.phone, subject: template.contentSid, text: JSON.stringify(template.variables) },
  });
  await sendWhatsApp(db, provider, receivable, step, messageId, template, 1, now, result);
}
