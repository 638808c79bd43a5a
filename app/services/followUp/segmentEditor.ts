/** Creating and changing segments and their flows from the admin, validated before anything is stored. */
import type { Db } from "../../db/client";
import { requestReplan } from "./replan";
import { CHANNELS, flowProblems, PURPOSES, TONES, type FlowStep } from "../../domain/flows";
import type { Condition, RiskLevel } from "../../domain/segments";
import { RECEIVABLE_KINDS, type ReceivableKind } from "../../domain/renewals";
import { parseMinor, type CurrencyCode } from "../../domain/money";
import { renderGroupedReminder, renderReminder } from "../../adapters/email/renderReminder";
import { reminderLocale, type ReminderLocale } from "../../i18n/reminders";
import { fourteenDayDeadline } from "../../domain/fees/fourteenDayLetter";
import { collectionCosts, consolidatedCollectionCosts } from "../../domain/fees";

export interface SegmentForm {
  id: string | null;
  name: string;
  riskLevels: string[];
  company: "any" | "yes" | "no";
  /** orders only, failed subscription renewals only, or both */
  kind?: "any" | ReceivableKind;
  countries: string;
  tag: string;
  minOrderValue: string;
  maxOrderValue: string;
  /** whole percent, 1-99: the predicted chance of paying late from which the segment applies; empty for none */
  minLateChance?: string;
  /** whole number 1-100: the credit bureau's score at or below which the segment applies; empty for none */
  maxCreditScore?: string;
  steps: FlowStep[];
}

export type SaveResult = { ok: true; id: string } | { ok: false; errors: string[] };

export function conditionsFrom(form: SegmentForm, currency: CurrencyCode): { conditions: Condition[]; errors: string[] } {
  const errors: string[] = [];
  const conditions: Condition[] = [];
  const levels = form.riskLevels.filter((l): l is RiskLevel => ["low", "medium", "high"].includes(l));
  if (levels.length && levels.length < 3) conditions.push({ field: "riskLevel", in: levels });
  if (form.company !== "any") conditions.push({ field: "isCompany", equals: form.company === "yes" });
  const kind = form.kind ?? "any";
  if (kind !== "any" && !(RECEIVABLE_KINDS as readonly string[]).includes(kind)) errors.push(`the kind is any, ${RECEIVABLE_KINDS.join(" or ")}`);
  else if (kind !== "any") conditions.push({ field: "receivableKind", equals: kind });
  const countries = form.countries.split(",").map((c) => c.trim().toUpperCase()).filter(Boolean);
  if (countries.some((c) => !/^[A-Z]{2}$/.test(c))) errors.push("countries are two-letter codes separated by commas, such as NL, BE");
  else if (countries.length) conditions.push({ field: "countryCode", in: countries });
  if (form.tag.trim()) conditions.push({ field: "tags", includes: form.tag.trim().slice(0, 60) });
  const amount = (text: string, what: string) => {
    if (!text.trim()) return undefined;
    try {
      return parseMinor(text.trim(), currency);
    } catch {
      errors.push(`${what} must be an amount such as 250.00`);
      return undefined;
    }
  };
  const min = amount(form.minOrderValue, "the minimum order value");
  const max = amount(form.maxOrderValue, "the maximum order value");
  if (min !== undefined || max !== undefined) conditions.push({ field: "orderValueMinor", ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) });
  const lateChance = (form.minLateChance ?? "").trim();
  if (lateChance) {
    const percent = /^\d{1,2}$/.test(lateChance) ? Number(lateChance) : 0;
    if (percent < 1) errors.push("the chance of paying late is a whole percentage from 1 to 99");
    else conditions.push({ field: "lateProbability", min: percent / 100 });
  }
  const score = (form.maxCreditScore ?? "").trim();
  if (score) {
    const value = /^\d{1,3}$/.test(score) ? Number(score) : 0;
    if (value < 1 || value > 100) errors.push("the credit score is a whole number from 1 to 100");
    else conditions.push({ field: "creditScore", max: value });
  }
  return { conditions, errors };
}

function stepsValid(steps: unknown): steps is FlowStep[] {
  return Array.isArray(steps) && steps.every((s) => s && typeof s === "object"
    && typeof s.key === "string" && typeof s.offsetDays === "number" && typeof s.chargesFee === "boolean"
    && (CHANNELS as readonly string[]).includes(s.channel) && (TONES as readonly string[]).includes(s.tone) && (PURPOSES as readonly string[]).includes(s.purpose));
}

export async function saveSegment(db: Db, shop: { id: string; currency: string }, form: SegmentForm): Promise<SaveResult> {
  const errors: string[] = [];
  const name = form.name.trim();
  if (!name || name.length > 80) errors.push("the segment needs a name of at most 80 characters");
  if (!stepsValid(form.steps)) return { ok: false, errors: [...errors, "the steps are not readable"] };
  if (form.steps.length === 0) errors.push("a flow needs at least one step");
  errors.push(...flowProblems(form.steps));
  const { conditions, errors: conditionErrors } = conditionsFrom(form, shop.currency as CurrencyCode);
  errors.push(...conditionErrors);
  const existing = form.id ? await db.segment.findFirst({ where: { id: form.id, shopId: shop.id } }) : null;
  if (form.id && !existing) errors.push("no such segment in this shop");
  if (existing && !existing.isDefault && conditions.length === 0) errors.push("a segment other than the default needs at least one condition");
  if (!existing && conditions.length === 0) errors.push("a new segment needs at least one condition");
  if (errors.length) return { ok: false, errors };
  const data = { name, conditions: JSON.stringify(existing?.isDefault ? [] : conditions), steps: JSON.stringify(form.steps) };
  const saved = existing
    ? await db.segment.update({ where: { id: existing.id }, data })
    : await db.segment.create({
        data: { ...data, shopId: shop.id, position: ((await db.segment.aggregate({ where: { shopId: shop.id, isDefault: false }, _max: { position: true } }))._max.position ?? 0) + 1 },
      });
  // the flows changed: every open receivable of the shop is planned again
  await requestReplan(db, shop.id);
  return { ok: true, id: saved.id };
}

export async function deleteSegment(db: Db, shopId: string, id: string): Promise<boolean> {
  const removed = await db.segment.deleteMany({ where: { id, shopId, isDefault: false } });
  // its receivables follow another segment's flow from now on
  if (removed.count === 1) await requestReplan(db, shopId);
  return removed.count === 1;
}

/** The email a step sends, rendered with a sample order: what the merchant previews and test-sends. */
/** The same step as a customer with three open orders gets it: one message, the fee over the orders at their final notice. */
export async function previewGroupedStep(
  shop: { name: string; logoUrl: string | null; brandColor: string; timeZone: string; legalProfile: string; currency: string },
  step: Pick<FlowStep, "purpose" | "tone" | "chargesFee">, locale: string, now: Date,
) {
  const day = (n: number) => new Date(now.getTime() + n * 86_400_000);
  const orders = [
    { orderName: "#1042", issuedAt: day(-45), dueAt: day(-16), outstandingMinor: 12_450, payUrl: "https://example.com/pay/1042", stepPurpose: step.purpose },
    { orderName: "#1057", issuedAt: day(-30), dueAt: day(-9), outstandingMinor: 8_990, payUrl: "https://example.com/pay/1057", stepPurpose: "reminder" as const },
    { orderName: "#1063", issuedAt: day(-10), dueAt: day(4), outstandingMinor: 3_500, payUrl: "https://example.com/pay/1063", stepPurpose: "pre_due" as const },
  ];
  const costs = step.chargesFee ? consolidatedCollectionCosts(shop.legalProfile, [orders[0].outstandingMinor], shop.currency) : null;
  return renderGroupedReminder({
    locale: reminderLocale(locale, null) as ReminderLocale, step, shop, customerName: "Anna de Vries", currency: shop.currency as CurrencyCode, orders, now,
    fee: costs && costs.totalMinor ? {
      amountMinor: costs.totalMinor, principalMinor: orders[0].outstandingMinor, deadline: fourteenDayDeadline(now, "email", shop.timeZone),
      perInvoiceMinor: costs.basis === "per_invoice" ? costs.perOrderMinor[0] : null,
    } : null,
    customerPageUrl: "https://example.com/c/preview",
  });
}

export async function previewStep(
  shop: { name: string; logoUrl: string | null; brandColor: string; timeZone: string; legalProfile: string; currency: string },
  step: Pick<FlowStep, "purpose" | "tone" | "chargesFee">, locale: string, now: Date,
) {
  const outstandingMinor = 12_450;
  const fee = step.chargesFee ? collectionCosts(shop.legalProfile, outstandingMinor, shop.currency) : 0;
  return renderReminder({
    locale: reminderLocale(locale, null) as ReminderLocale, step, shop,
    customerName: "Anna de Vries", orderName: "#1042", currency: shop.currency as CurrencyCode, outstandingMinor,
    dueAt: new Date(now.getTime() - 8 * 86_400_000),
    fee: fee ? { amountMinor: fee, deadline: fourteenDayDeadline(now, "email", shop.timeZone) } : null,
    payUrl: "https://example.com/pay", customerPageUrl: "https://example.com/c/preview",
  });
}
