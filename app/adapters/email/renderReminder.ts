/** A reminder step rendered to subject, HTML and plain text in the customer's language. */
import { createElement } from "react";
import { render } from "@react-email/render";
import { ReminderEmail } from "./ReminderEmail";
import { reminderText, stepTextKey, type ReminderLocale } from "../../i18n/reminders";
import type { FlowStep } from "../../domain/flows";
import { formatMoney, type CurrencyCode } from "../../domain/money";
import type { LocalDate } from "../../domain/fees/fourteenDayLetter";

export interface ReminderContent {
  locale: ReminderLocale;
  step: Pick<FlowStep, "purpose" | "tone">;
  shop: { name: string; logoUrl: string | null; brandColor: string; timeZone: string };
  customerName: string | null;
  orderName: string;
  currency: CurrencyCode;
  outstandingMinor: number;
  dueAt: Date;
  /** the final notice: collection costs named and the last day to pay */
  fee: { amountMinor: number; deadline: LocalDate } | null;
  payUrl: string | null;
  customerPageUrl: string | null;
}

export interface RenderedReminder {
  subject: string;
  html: string;
  text: string;
}

export function formatDate(date: Date, locale: ReminderLocale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone }).format(date);
}

export async function renderReminder(content: ReminderContent): Promise<RenderedReminder> {
  const { locale } = content;
  const amount = formatMoney(content.outstandingMinor, content.currency, locale);
  const values: Record<string, string> = {
    order: content.orderName, amount, dueDate: formatDate(content.dueAt, locale, content.shop.timeZone),
    name: content.customerName ?? "", shop: content.shop.name,
  };
  if (content.fee) {
    values.fee = formatMoney(content.fee.amountMinor, content.currency, locale);
    values.deadline = formatDate(new Date(`${content.fee.deadline}T12:00:00Z`), locale, "UTC");
  }
  const t = (key: string) => reminderText(locale, key, values);
  const subject = t(stepTextKey(content.step.purpose, content.step.tone, "subject"));
  const paragraphs = [t(stepTextKey(content.step.purpose, content.step.tone, "body"))];
  if (content.fee) paragraphs.push(t("final_notice.fee"));
  const element = createElement(ReminderEmail, {
    lang: locale, preview: subject, greeting: content.customerName ? t("greeting") : t("greetingNoName"), paragraphs,
    facts: [
      { label: t("orderLabel"), value: content.orderName },
      { label: t("amountLabel"), value: amount },
      { label: t("dueLabel"), value: values.dueDate },
    ],
    payUrl: content.payUrl, payLabel: t("payButton"), customerPageUrl: content.customerPageUrl,
    customerPageLabel: t("customerPage"), closing: t("closing"), shopName: content.shop.name,
    logoUrl: content.shop.logoUrl, brandColor: content.shop.brandColor,
  });
  return { subject, html: await render(element), text: await render(element, { plainText: true }) };
}

export interface NoticeContent {
  locale: ReminderLocale;
  /** text keys of the subject and the paragraphs, filled with `values` */
  subjectKey: string;
  bodyKeys: string[];
  values: Record<string, string>;
  facts: { label: string; value: string }[];
  shop: ReminderContent["shop"];
  customerName: string | null;
  payUrl: string | null;
  customerPageUrl: string | null;
}

/** A message to the customer that is not a reminder step (acknowledgements, arrangements), in the same layout. */
export async function renderNotice(content: NoticeContent): Promise<RenderedReminder> {
  const t = (key: string) => reminderText(content.locale, key, { name: content.customerName ?? "", ...content.values });
  const subject = t(content.subjectKey);
  const element = createElement(ReminderEmail, {
    lang: content.locale, preview: subject, greeting: content.customerName ? t("greeting") : t("greetingNoName"),
    paragraphs: content.bodyKeys.map(t), facts: content.facts, payUrl: content.payUrl, payLabel: t("payButton"),
    customerPageUrl: content.customerPageUrl, customerPageLabel: t("customerPage"), closing: t("closing"),
    shopName: content.shop.name, logoUrl: content.shop.logoUrl, brandColor: content.shop.brandColor,
  });
  return { subject, html: await render(element), text: await render(element, { plainText: true }) };
}
