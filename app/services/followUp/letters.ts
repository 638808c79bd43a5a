/** A letter step's message as the PDF staff print and post: only a letter of this shop. */
import type { Db } from "../../db/client";
import { renderLetterPdf } from "../../adapters/letters/letterPdf";
import { formatDate } from "../../adapters/email/renderReminder";
import { reminderLocale, reminderText, type ReminderLocale } from "../../i18n/reminders";
import { type CustomerRow } from "./messageDelivery";
import { personName } from "../../domain/customerNames";

function addressLines(customer: CustomerRow | null): string[] {
  if (!customer) return [];
  const place = [customer.zip, customer.city].filter(Boolean).join("  ");
  return [customer.company, personName(customer), customer.address1, customer.address2, place, customer.province, customer.countryCode]
    .filter((line): line is string => Boolean(line && line.trim()));
}

export async function letterPdf(db: Db, shopId: string, messageId: string): Promise<{ pdf: Uint8Array; filename: string } | null> {
  const message = await db.message.findFirst({
    where: { id: messageId, shopId, channel: "letter", text: { not: null } },
    include: { receivable: { include: { customer: true, shop: true } } },
  });
  if (!message) return null;
  const { receivable } = message;
  const { shop, customer } = receivable;
  const locale: ReminderLocale = reminderLocale(customer?.locale ?? null, customer?.countryCode ?? null);
  const pdf = await renderLetterPdf({
    sender: { name: shop.senderName ?? shop.name, lines: [shop.replyTo ?? shop.senderEmail].filter((l): l is string => Boolean(l)) },
    recipient: { lines: addressLines(customer) },
    dateLine: formatDate(message.sentAt ?? message.createdAt, locale, shop.timeZone),
    subject: message.subject ?? "",
    body: message.text!,
    payUrl: receivable.paymentUrl,
    pageLabel: (page, pages) => reminderText(locale, "letterPage", { page: String(page), pages: String(pages) }),
  });
  return { pdf, filename: `letter-${receivable.orderName.replace(/[^A-Za-z0-9-]/g, "")}-${message.stepKey}.pdf` };
}
