/** Emails to the customer outside the reminder flow, sent once each (the message key is unique). */
import type { Db } from "../../db/client";
import type { Mailer } from "../../adapters/email/mailer";
import { renderNotice } from "../../adapters/email/renderReminder";
import { reminderLocale, type ReminderLocale } from "../../i18n/reminders";
import { claimMessage, deliverRenderedEmail, failForGood, type DeliveryCounts } from "./messageDelivery";
import { personName } from "../../domain/customerNames";
import { emailStopNote } from "./emailEvents";
import { customerPageUrl } from "../customers/customerLinks";

export interface NoticeDeps {
  mailer: Mailer;
  appUrl: string;
  secret: string;
}

export interface Notice {
  stepKey: string;
  purpose: "notice";
  subjectKey: string;
  bodyKeys: string[];
  values: (locale: ReminderLocale) => Record<string, string>;
  facts?: (locale: ReminderLocale) => { label: string; value: string }[];
}

export async function sendNotice(db: Db, deps: NoticeDeps, receivableId: string, notice: Notice, now: Date): Promise<boolean> {
  const target = await db.receivable.findUniqueOrThrow({ where: { id: receivableId }, include: { customer: true, shop: true } });
  const locale = reminderLocale(target.customer?.locale ?? null, target.customer?.countryCode ?? null);
  const claimed = await claimMessage(db, target, { stepKey: notice.stepKey, channel: "email", purpose: notice.purpose, locale }, now, "sending");
  if (!claimed) return false;
  const counts: DeliveryCounts = { sent: 0, failed: 0 };
  const step = { key: notice.stepKey, channel: "email", purpose: notice.purpose } as const;
  const stopped = emailStopNote(target.customer);
  // the address bounced: staff tell the customer another way
  if (stopped) {
    await failForGood(db, target, step, claimed.id, stopped, now, counts);
    return false;
  }
  const rendered = await renderNotice({
    locale, subjectKey: notice.subjectKey, bodyKeys: notice.bodyKeys, values: { order: target.orderName, ...notice.values(locale) },
    facts: notice.facts?.(locale) ?? [], customerName: personName(target.customer),
    shop: { name: target.shop.name, logoUrl: target.shop.logoUrl, brandColor: target.shop.brandColor, timeZone: target.shop.timeZone },
    payUrl: target.paymentUrl, customerPageUrl: customerPageUrl(deps.appUrl, deps.secret, target, now),
  });
  await deliverRenderedEmail(db, deps, target, step, claimed.id, rendered, now, counts);
  return counts.sent === 1;
}
