/** A reminder step rendered to subject, HTML and plain text in the customer's language. */
import { createElement } from "react";
import { render } from "@react-email/render";
import { ReminderEmail } from "./ReminderEmail";
import { reminderText, stepTextKey, type ReminderLocale } from "../../i18n/reminders";
import type { FlowStep } from "../../domain/flows";
import { formatMoney, formatOwed, type CurrencyCode } from "../../domain/money";
import type { LocalDate } from "../../domain/fees/fourteenDayLetter";

export interface ReminderContent {
  locale: ReminderLocale;
  step: Pick<FlowStep, "purpose" | "tone">;
  shop: { name: string; logoUrl: string | null; brandColor: string; timeZone: string };
  customerName: string | null;
  orderName: string;
  currency: CurrencyCode;
  outstandingMinor: number;
  /** the same in the currency the customer paid in at checkout, when it is not the shop's */
  presented?: { currency: CurrencyCode; amountMinor: number } | null;
  dueAt: Date;
  /** the final notice: collection costs named and the last day to pay */
  fee: { amountMinor: number; deadline: LocalDate } | null;
  payUrl: string | null;
  customerPageUrl: string | null;
  /** the shop's account and this order's structured reference, when the shop takes transfers */
  transfer?: { iban: string; holder: string; reference: string } | null;
  /** a subscription renewal whose charge failed, not an order: the customer is told so */
  renewal?: boolean;
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
  const amount = formatOwed(content.outstandingMinor, content.currency, content.presented ?? null, locale);
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
  if (content.renewal) paragraphs.push(t("renewalNote"));
  if (content.fee) paragraphs.push(t("final_notice.fee"));
  if (content.transfer) paragraphs.push(reminderText(locale, "transfer", { ...content.transfer }));
  const element = createElement(ReminderEmail, {
    lang: locale, preview: subject, greeting: content.customerName ? t("greeting") : t("greetingNoName"), paragraphs,
    facts: [
      { label: t(content.renewal ? "renewalLabel" : "orderLabel"), value: content.orderName },
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

export interface GroupedOrderLine {
  orderName: string;
  issuedAt: Date;
  dueAt: Date;
  outstandingMinor: number;
  presented?: { currency: CurrencyCode; amountMinor: number } | null;
  payUrl: string | null;
  /** the step this order is at in this message (or last reached, for an order only listed) */
  stepPurpose: FlowStep["purpose"] | null;
  /** its structured reference for a bank transfer */
  reference?: string | null;
  /** a subscription renewal whose charge failed */
  renewal?: boolean;
}

export interface GroupedReminderContent {
  locale: ReminderLocale;
  step: Pick<FlowStep, "purpose" | "tone">;
  shop: ReminderContent["shop"];
  customerName: string | null;
  currency: CurrencyCode;
  orders: GroupedOrderLine[];
  /** the costs the notice names for the orders at their final notice, and how they were reached */
  fee: { amountMinor: number; principalMinor: number; perInvoiceMinor: number | null; deadline: LocalDate } | null;
  customerPageUrl: string | null;
  now: Date;
  /** the shop's account, when it takes transfers; each order's reference is on its line */
  transfer?: { iban: string; holder: string } | null;
}

const DAY_MS = 86_400_000;

/** The total in the customer's currency, when every order listed was paid for in that one currency. */
function presentedTotal(orders: GroupedOrderLine[]): { currency: CurrencyCode; amountMinor: number } | null {
  const currency = orders[0]?.presented?.currency;
  if (!currency || !orders.every((o) => o.presented?.currency === currency)) return null;
  return { currency, amountMinor: orders.reduce((sum, o) => sum + o.presented!.amountMinor, 0) };
}

function orderStatus(line: GroupedOrderLine, now: Date, t: (key: string, values?: Record<string, string>) => string): string {
  const days = Math.floor((now.getTime() - line.dueAt.getTime()) / DAY_MS);
  const timing = days > 0 ? t("grouped.status.overdue", { days: String(days) })
    : days === 0 ? t("grouped.status.dueToday") : t("grouped.status.comingDue", { days: String(-days) });
  const status = line.stepPurpose && line.stepPurpose !== "hand_over" ? `${timing} · ${t(`grouped.step.${line.stepPurpose}`)}` : timing;
  return line.renewal ? `${status} · ${t("grouped.renewal")}` : status;
}

/** One message about every open order of a customer: a row per order with its own payment link, the total, one tone. */
export async function renderGroupedReminder(content: GroupedReminderContent): Promise<RenderedReminder> {
  const { locale, currency } = content;
  const tz = content.shop.timeZone;
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const totalMinor = content.orders.reduce((sum, o) => sum + o.outstandingMinor, 0);
  const values: Record<string, string> = {
    count: String(content.orders.length), total: formatOwed(totalMinor, currency, presentedTotal(content.orders), locale), name: content.customerName ?? "", shop: content.shop.name,
  };
  if (content.fee) {
    values.fee = money(content.fee.amountMinor);
    values.principal = money(content.fee.principalMinor);
    values.each = content.fee.perInvoiceMinor !== null ? money(content.fee.perInvoiceMinor) : "";
    values.deadline = formatDate(new Date(`${content.fee.deadline}T12:00:00Z`), locale, "UTC");
  }
  const t = (key: string, extra: Record<string, string> = {}) => reminderText(locale, key, { ...values, ...extra });
  const key = (part: "subject" | "body") => `grouped.${stepTextKey(content.step.purpose, content.step.tone, part)}`;
  const subject = t(key("subject"));
  const paragraphs = [t(key("body"))];
  if (content.orders.some((o) => o.renewal)) paragraphs.push(t("grouped.renewalNote"));
  if (content.fee) paragraphs.push(t(content.fee.perInvoiceMinor !== null ? "grouped.final_notice.feePerInvoice" : "grouped.final_notice.fee"));
  const references = content.orders.filter((o) => o.reference).map((o) => `${o.orderName}: ${o.reference}`);
  if (content.transfer && references.length) paragraphs.push(t("transferGrouped", { ...content.transfer, references: references.join(", ") }));
  const element = createElement(ReminderEmail, {
    lang: locale, preview: subject, greeting: content.customerName ? t("greeting") : t("greetingNoName"), paragraphs,
    orders: content.orders.map((line) => ({
      order: line.orderName, issued: formatDate(line.issuedAt, locale, tz), due: formatDate(line.dueAt, locale, tz),
      outstanding: formatOwed(line.outstandingMinor, currency, line.presented ?? null, locale), status: orderStatus(line, content.now, t), payUrl: line.payUrl,
    })),
    ordersHeader: {
      order: t("grouped.header.order"), issued: t("grouped.header.issued"), due: t("grouped.header.due"),
      outstanding: t("grouped.header.outstanding"), status: t("grouped.header.status"), pay: t("grouped.header.pay"),
    },
    facts: [{ label: t("grouped.countLabel"), value: values.count }, { label: t("grouped.totalLabel"), value: values.total }],
    payUrl: null, payLabel: "", customerPageUrl: content.customerPageUrl,
    customerPageLabel: t("customerPage"), closing: t("closing"), shopName: content.shop.name,
    logoUrl: content.shop.logoUrl, brandColor: content.shop.brandColor,
  });
  return { subject, html: await render(element), text: await render(element, { plainText: true }) };
}
