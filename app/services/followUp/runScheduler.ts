/**
 * One scheduler tick: every open receivable whose next action is due is planned (domain
 * planNextStep) and its step carried out. Safe with several processes: a step is claimed by
 * inserting its Message row, whose idempotency key (receivable + step) is unique, so a second
 * scheduler racing for the same step loses the insert and does nothing.
 */
import type { Db } from "../../db/client";
import type { Clock } from "../../domain/time";
import { planNextStep, type DunningSettings, type Plan } from "../../domain/scheduler";
import { segmentFor, type RiskLevel } from "../../domain/segments";
import { assignVariant, sendHourHold, withVariant } from "../../domain/experiments";
import type { FlowStep } from "../../domain/flows";
import { formatMoney, type CurrencyCode } from "../../domain/money";
import { collectionCosts } from "../../domain/fees";
import { fourteenDayDeadline, type LocalDate } from "../../domain/fees/fourteenDayLetter";
import type { Mailer } from "../../adapters/email/mailer";
import { isPhoneNumber, SmsError, type SmsProvider } from "../../adapters/sms/provider";
import { formatDate, renderReminder } from "../../adapters/email/renderReminder";
import { reminderLocale, reminderText } from "../../i18n/reminders";
import {
  claimMessage, createTask, customerName, deliverRenderedEmail, failForGood, finish, MAX_SEND_ATTEMPTS, SEND_LEASE_MS, sendEmail,
  timelineForMessage,
  type CustomerRow, type ShopRow,
} from "./messageDelivery";
import { loadSegments, type SegmentWithFlow } from "./segmentsStore";
import { refreshRiskLevels } from "../customers/customerProfiles";
import { recordTimelineEntry } from "../ledger/timeline";
import { setDateTimeIfUnchanged, type DateTimeWrite } from "../../db/dialect";
import { Prisma } from "../../../generated/sqlite/client";
import { receivableIdIn, withReceivablesLocked } from "../ledger/receivableLock";
import { emailStopNote } from "./emailEvents";


export interface SchedulerDeps {
  clock: Clock;
  mailer: Mailer;
  /** without a provider an SMS step becomes a call task */
  sms?: SmsProvider | null;
  /** the signed customer-page link of a receivable, once the customer page exists */
  customerPageUrl?: (receivable: { id: string; shopId: string; customerId: string | null }) => string | null;
  batchSize?: number;
  defaultFrom?: string;
}

export interface TickResult {
  planned: number;
  sent: number;
  skipped: number;
  tasks: number;
  failed: number;
  retried: number;
  lostRaces: number;
}


interface Candidate {
  id: string;
  updatedAt: Date;
  shopId: string;
  orderGid: string;
  orderName: string;
  customerId: string | null;
  currency: string;
  totalMinor: bigint;
  outstandingMinor: bigint;
  dueAt: Date;
  status: string;
  workflowState: string | null;
  pausedUntil: Date | null;
  sendNextNow: boolean;
  segmentId: string | null;
  paymentUrl: string | null;
  customer: CustomerRow | null;
  shop: ShopRow;
  messages: MessageHistoryRow[];
}

interface MessageHistoryRow {
  stepKey: string;
  sentAt: Date | null;
  status: string;
}

const HISTORY = { select: { stepKey: true, sentAt: true, status: true } } as const;

/**
 * Most plans only move a date ("wait until ...") or remember a segment: those writes are made once
 * per batch, a few statements instead of one or two per receivable.
 */
class PlanWrites {
  private nextActions: DateTimeWrite[] = [];
  private segments = new Map<string, string[]>();

  nextAction(receivable: Candidate, at: Date | null) {
    this.nextActions.push({ id: receivable.id, value: at, readUpdatedAt: receivable.updatedAt });
  }

  segment(receivableId: string, segmentId: string) {
    (this.segments.get(segmentId) ?? this.segments.set(segmentId, []).get(segmentId)!).push(receivableId);
  }

  async flush(db: Db) {
    const ids = [...new Set([...this.nextActions.map((w) => w.id), ...[...this.segments.values()].flat()])];
    if (ids.length === 0) return;
    await withReceivablesLocked(db, receivableIdIn(ids), async (locked) => {
      // a receivable written meanwhile (a payment, a pause, a step just sent) keeps its date: it is planned again
      await setDateTimeIfUnchanged(locked, "Receivable", "nextActionAt", this.nextActions);
      for (const [segmentId, ids] of this.segments) await locked.receivable.updateMany({ where: { id: { in: ids } }, data: { segmentId } });
    });
    this.nextActions = [];
    this.segments.clear();
  }
}

function settingsOf(shop: ShopRow): DunningSettings {
  return {
    quietHours: { startHour: shop.quietHoursStart, endHour: shop.quietHoursEnd, timeZone: shop.timeZone },
    minGapHours: shop.minGapHours,
  };
}

/** What the flow will do next for one receivable: for the order page. */
export async function previewNextStep(db: Db, shopId: string, receivableId: string, now: Date): Promise<Plan | null> {
  const receivable = await db.receivable.findFirst({
    where: { id: receivableId, shopId }, include: { customer: true, shop: true, messages: HISTORY },
  });
  if (!receivable) return null;
  const counts = receivable.customer ? await orderCounts(db, shopId, [receivable.customer.id]) : new Map<string, number>();
  const writes = new PlanWrites();
  const steps = stepsFor(receivable, await loadSegments(db, shopId), counts, writes);
  await writes.flush(db);
  return planFor(db, receivable, steps, now, false);
}

export async function runSchedulerTick(db: Db, deps: SchedulerDeps): Promise<TickResult> {
  const now = deps.clock();
  const result: TickResult = { planned: 0, sent: 0, skipped: 0, tasks: 0, failed: 0, retried: 0, lostRaces: 0 };
  await retryUnfinishedSends(db, deps, now, result);
  const segmentsByShop = new Map<string, SegmentWithFlow[]>();
  const batchSize = deps.batchSize ?? 500;
  let after: DueCursor | null = null;
  for (;;) {
    const page = await dueReceivables(db, now, after, batchSize);
    const byId = new Map((await db.receivable.findMany({
      where: { id: { in: page.map((r) => r.id) } },
      include: { customer: true, shop: true, messages: HISTORY },
    })).map((r) => [r.id, r]));
    const due: Candidate[] = page.map((r) => byId.get(r.id)).filter((r): r is NonNullable<typeof r> => Boolean(r));
    // the risk level the segments read follows the customers' latest payment behaviour
    const counts = new Map<string, number>();
    for (const [shopId, ids] of customersByShop(due)) {
      for (const [id, count] of await orderCounts(db, shopId, ids)) counts.set(id, count);
      const levels = await refreshRiskLevels(db, shopId, ids, now);
      for (const r of due) if (r.customer && levels.has(r.customer.id)) r.customer.riskLevel = levels.get(r.customer.id)!;
    }
    const writes = new PlanWrites();
    for (const receivable of due) {
      if (!segmentsByShop.has(receivable.shopId)) segmentsByShop.set(receivable.shopId, await loadSegments(db, receivable.shopId));
      await advance(db, deps, receivable, segmentsByShop.get(receivable.shopId)!, counts, writes, now, result);
    }
    await writes.flush(db);
    if (page.length < batchSize) break;
    after = page[page.length - 1];
  }
  return result;
}

interface DueCursor {
  id: string;
  nextActionAt: Date;
}

/**
 * The next receivables whose action is due, in index order (status, nextActionAt, id), after the
 * cursor. A row-value comparison lets both databases start the index scan at the cursor: a tick
 * over a large book reads each due row once (PostgreSQL keeps old versions of rows already
 * planned in front of it), also when a mass re-plan gave them all the same date.
 */
function dueReceivables(db: Db, now: Date, after: DueCursor | null, limit: number): Promise<DueCursor[]> {
  const cursor = after ? Prisma.sql`AND ("nextActionAt", "id") > (${after.nextActionAt}, ${after.id})` : Prisma.empty;
  return db.$queryRaw<DueCursor[]>`
    SELECT r."id", r."nextActionAt" FROM "Receivable" r
    WHERE r."status" = 'open' AND r."creditSale" = ${true} AND r."nextActionAt" <= ${now} ${cursor}
      AND EXISTS (SELECT 1 FROM "Shop" s WHERE s."id" = r."shopId" AND s."uninstalledAt" IS NULL)
    ORDER BY r."nextActionAt", r."id" LIMIT ${limit}`;
}

function customersByShop(due: Candidate[]): Map<string, string[]> {
  const map = new Map<string, Set<string>>();
  for (const r of due) if (r.customer) (map.get(r.shopId) ?? map.set(r.shopId, new Set()).get(r.shopId)!).add(r.customer.id);
  return new Map([...map].map(([shopId, ids]) => [shopId, [...ids]]));
}

/** How many orders each customer has, for the segments' order-count rule: one query per batch. */
async function orderCounts(db: Db, shopId: string, customerIds: string[]): Promise<Map<string, number>> {
  const rows = await db.receivable.groupBy({ by: ["customerId"], where: { shopId, customerId: { in: customerIds } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.customerId!, r._count._all]));
}

function stepsFor(receivable: Candidate, segments: SegmentWithFlow[], counts: Map<string, number>, writes: PlanWrites): FlowStep[] {
  const customer = receivable.customer;
  const orderCount = customer ? counts.get(customer.id) ?? 1 : 1;
  const segment = segmentFor(segments, {
    riskLevel: (customer?.riskLevel ?? "low") as RiskLevel,
    isCompany: Boolean(customer?.company),
    countryCode: customer?.countryCode ?? null,
    tags: customer?.tags ? customer.tags.split(",").map((t) => t.trim()) : [],
    orderCount,
    orderValueMinor: Number(receivable.totalMinor),
  });
  // remembered for the receivables list and the reports; the flow itself is always re-evaluated
  if (receivable.segmentId !== segment.id) {
    receivable.segmentId = segment.id;
    writes.segment(receivable.id, segment.id);
  }
  return segment.steps;
}

async function planFor(db: Db, receivable: Candidate, steps: FlowStep[], now: Date, fresh: boolean): Promise<Plan> {
  // the first plan uses the history loaded with the batch; after acting it is read again
  const messages = fresh ? await db.message.findMany({ where: { receivableId: receivable.id }, ...HISTORY }) : receivable.messages;
  const history = messages.map((m) => ({ stepKey: m.stepKey, sentAt: m.sentAt, skipped: m.status === "skipped" }));
  return planNextStep(
    {
      status: receivable.status as "open", workflowState: receivable.workflowState as never, dueAt: receivable.dueAt,
      outstandingMinor: Number(receivable.outstandingMinor), pausedUntil: receivable.pausedUntil,
      customerPausedUntil: receivable.customer?.reminderPausedUntil ?? null, sendNow: receivable.sendNextNow,
    },
    steps, history, settingsOf(receivable.shop), now,
  );
}

async function advance(
  db: Db, deps: SchedulerDeps, receivable: Candidate, segments: SegmentWithFlow[], counts: Map<string, number>, writes: PlanWrites,
  now: Date, result: TickResult,
) {
  result.planned += 1;
  const steps = stepsFor(receivable, segments, counts, writes);
  // a skipped or caught-up step may make the next one due at once: act until the plan waits or stops
  for (let round = 0; round <= steps.length; round++) {
    const plan = await planFor(db, receivable, steps, now, round > 0);
    if (plan.kind !== "send" && plan.kind !== "skip") {
      writes.nextAction(receivable, plan.kind === "wait" ? plan.until : null);
      return;
    }
    // a step (or its experiment variant) with a send hour waits for that hour, unless staff asked for it now
    const hold = plan.kind === "send" && !receivable.sendNextNow
      ? sendHourHold(withVariant(plan.step, assignVariant(receivable.id, plan.step.key, plan.step.variants ?? [])), now, settingsOf(receivable.shop).quietHours)
      : null;
    if (hold) {
      writes.nextAction(receivable, hold);
      return;
    }
    const claimed = await claimStep(db, receivable, plan.step, now, plan.kind === "skip" ? "skipped" : "sending");
    if (!claimed) {
      result.lostRaces += 1; // another scheduler has this step; it also plans what comes next
      return;
    }
    if (plan.kind === "send" && receivable.sendNextNow) {
      // one step on request, then the flow keeps its own pace again
      receivable.sendNextNow = false;
      // this write is the tick's own: the plan written at the end of the batch must not take it for someone else's
      receivable.updatedAt = (await db.receivable.update({ where: { id: receivable.id }, data: { sendNextNow: false }, select: { updatedAt: true } })).updatedAt;
    }
    if (plan.kind === "skip") {
      result.skipped += 1;
      await timelineForMessage(db, receivable, claimed.id, plan.step, "skipped", now, { reason: plan.reason });
    } else {
      const variant = assignVariant(receivable.id, plan.step.key, plan.step.variants ?? []);
      await carryOut(db, deps, receivable, withVariant(plan.step, variant), claimed.id, now, result, variant?.subjectPrefix);
    }
  }
}

/** Claims a step; in an experiment the receivable's variant decides the channel that is recorded. */
function claimStep(db: Db, receivable: Candidate, step: FlowStep, now: Date, status: "sending" | "skipped") {
  const locale = reminderLocale(receivable.customer?.locale ?? null, receivable.customer?.countryCode ?? null);
  const variant = assignVariant(receivable.id, step.key, step.variants ?? []);
  const applied = withVariant(step, variant);
  return claimMessage(db, receivable, { stepKey: step.key, channel: applied.channel, purpose: step.purpose, locale, variant: variant?.key }, now, status);
}

async function carryOut(
  db: Db, deps: SchedulerDeps, receivable: Candidate, step: FlowStep, messageId: string, now: Date, result: TickResult, subjectPrefix?: string,
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
  const values = {
    order: receivable.orderName,
    amount: formatMoney(Number(receivable.outstandingMinor), receivable.currency as CurrencyCode, locale),
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
  if (step.channel === "task" || callInstead) {
    const kind = step.purpose === "hand_over" ? "hand_over" : "call";
    const title = reminderText(locale, kind === "hand_over" ? "handOverTask" : "callTask", values);
    await createTask(db, receivable, messageId, kind, title, now);
    const error = callInstead ? `${callInstead}: a call task was made instead` : null;
    await finish(db, messageId, { status: "task", sentAt: now, feeMinor: fee?.amountMinor, error });
    result.tasks += 1;
    return timelineForMessage(db, receivable, messageId, step, "task", now, { title });
  }
  const rendered = await renderReminder({
    locale, step, fee,
    shop: { name: receivable.shop.name, logoUrl: receivable.shop.logoUrl, brandColor: receivable.shop.brandColor, timeZone: receivable.shop.timeZone },
    customerName: customerName(receivable.customer), orderName: receivable.orderName,
    currency: receivable.currency as CurrencyCode, outstandingMinor: Number(receivable.outstandingMinor), dueAt: receivable.dueAt,
    payUrl: receivable.paymentUrl, customerPageUrl: deps.customerPageUrl?.(receivable) ?? null,
  });
  if (subjectPrefix) rendered.subject = `${subjectPrefix} ${rendered.subject}`;
  if (fee) await db.message.update({ where: { id: messageId }, data: { feeMinor: BigInt(fee.amountMinor) } });
  if (step.channel === "letter") {
    await db.message.update({ where: { id: messageId }, data: { subject: rendered.subject, html: rendered.html, text: rendered.text } });
    await createTask(db, receivable, messageId, "letter", reminderText(locale, "letterTask", values), now);
    await finish(db, messageId, { status: "task", sentAt: now });
    result.tasks += 1;
    return timelineForMessage(db, receivable, messageId, step, "letter", now, { subject: rendered.subject });
  }
  await deliverRenderedEmail(db, deps, receivable, step, messageId, rendered, now, result);
}

/** Why a written step becomes a call, or null when it goes out as planned. */
function callInsteadOf(deps: SchedulerDeps, receivable: Candidate, step: FlowStep): string | null {
  if (step.channel === "sms" && !(deps.sms && isPhoneNumber(receivable.customer?.phone))) return "no SMS provider or no mobile number";
  return step.channel === "email" ? emailStopNote(receivable.customer) : null;
}

function feeFor(receivable: Candidate, step: FlowStep, now: Date): { amountMinor: number; deadline: LocalDate } | null {
  const amountMinor = collectionCosts(receivable.shop.legalProfile, Number(receivable.outstandingMinor), receivable.currency);
  if (amountMinor === 0) return null;
  const channel = step.channel === "letter" ? "letter" : "email";
  return { amountMinor, deadline: fourteenDayDeadline(now, channel, receivable.shop.timeZone) };
}

/** Failed sends whose back-off is over, and sends a dead process left half done, go out again. */
async function retryUnfinishedSends(db: Db, deps: SchedulerDeps, now: Date, result: TickResult) {
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
      // paid or stopped meanwhile: the reminder is no longer wanted
      await finish(db, message.id, { status: "failed", error: `not sent: the order is ${receivable.workflowState ?? receivable.status}`, sentAt: now, nextAttemptAt: null });
      continue;
    }
    if (message.channel !== "email") {
      // a task or letter whose process died after making the task: the task is there (unique per message)
      await finish(db, message.id, { status: "task", sentAt: now, nextAttemptAt: null });
      continue;
    }
    if (!message.html || !message.text || !message.subject) {
      // the process died before rendering: nothing went out, so the claim is released and the step planned anew
      await db.message.delete({ where: { id: message.id } });
      await db.receivable.update({ where: { id: receivable.id }, data: { nextActionAt: now } });
      continue;
    }
    await sendEmail(db, deps, receivable, step, message.id, { subject: message.subject, html: message.html, text: message.text }, message.attempts + 1, now, result);
    await db.receivable.update({ where: { id: receivable.id }, data: { nextActionAt: now } });
  }
}
