/**
 * A reminder email that bounced or was marked as spam: the message says so, staff get a call task,
 * and the customer's address is stopped so the flow's next email steps become calls instead of
 * mail into the void (until the customer's email address changes). Redelivered events change nothing.
 */
import type { Db } from "../../db/client";
import type { EmailEvent } from "../../adapters/email/resendEvents";
import { timelineForMessage, type MessageStep } from "./messageDelivery";
import { createTask } from "../insight/tasks";

export type EmailEventResult = "applied" | "already_known" | "unknown_email";

export async function applyEmailEvent(db: Db, event: EmailEvent): Promise<EmailEventResult> {
  const message = await db.message.findFirst({
    where: { providerId: event.emailId, channel: "email" },
    include: { receivable: { include: { customer: true, shop: true } } },
  });
  if (!message) return "unknown_email";
  const marked = await db.message.updateMany({
    where: { id: message.id, status: { notIn: ["bounced", "complained"] } },
    data: { status: event.outcome, error: event.reason },
  });
  if (marked.count === 0) return "already_known";
  const { receivable } = message;
  const customer = receivable.customer;
  // an address already corrected since this email went out stays as it is
  if (customer && message.toAddress && customer.email === message.toAddress) {
    await db.customer.update({ where: { id: customer.id }, data: { emailStoppedAddress: message.toAddress, emailStoppedReason: event.reason } });
  }
  await createTask(db, {
    shopId: receivable.shopId, receivableId: receivable.id, messageId: message.id, kind: "call", words: { text: event.outcome, order: receivable.orderName, reason: event.reason },
  }, event.occurredAt);
  const step: MessageStep = { key: message.stepKey, channel: "email", purpose: message.purpose as MessageStep["purpose"] };
  await timelineForMessage(db, receivable, message.id, step, event.outcome, event.occurredAt, { reason: event.reason, to: message.toAddress });
  return "applied";
}

/** Whether email to this customer is stopped: the address Resend gave up on is still the one on file. */
export function emailStopped(customer: { email: string | null; emailStoppedAddress: string | null } | null): boolean {
  return Boolean(customer?.email && customer.email === customer.emailStoppedAddress);
}

/** Why no email can go to this customer, in words for the message's error and the staff task; null when it can. */
export function emailStopNote(customer: { email: string | null; emailStoppedAddress: string | null; emailStoppedReason: string | null } | null): string | null {
  return emailStopped(customer) ? `email to ${customer!.email} is stopped (${customer!.emailStoppedReason ?? "bounced"})` : null;
}
