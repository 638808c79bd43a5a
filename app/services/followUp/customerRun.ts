/**
 * Customer-level follow-up: the steps due on a customer's orders go out as one message per channel
 * (app/domain/customerRun.ts decides which). The lead order's Message row claims the customer's
 * message for the day (customerRunKey is unique) and holds the email; the other orders' steps join
 * it as "grouped" rows (each still unique per receivable + step), settled when the lead is settled.
 */
import type { Db } from "../../db/client";
import { planCustomerRun, type GroupedMessage, type RunOrder } from "../../domain/customerRun";
import type { Channel, FlowStep } from "../../domain/flows";
import { assignVariant, atCustomersHour, sendHourHold, withVariant } from "../../domain/experiments";
import { consolidatedCollectionCosts } from "../../domain/fees";
import { afterLocalDate, fourteenDayDeadline, localDate } from "../../domain/fees/fourteenDayLetter";
import type { Plan } from "../../domain/scheduler";
import { receivableKindOf } from "../../domain/renewals";
import type { CurrencyCode } from "../../domain/money";
import { renderGroupedReminder } from "../../adapters/email/renderReminder";
import { reminderLocale } from "../../i18n/reminders";
import { deliverRenderedEmail, timelineForMessage } from "./messageDelivery";
import { createTask } from "../insight/tasks";
import { personName } from "../../domain/customerNames";
import { recordTimelineEntry } from "../ledger/timeline";
import { callInsteadOf, carryOut } from "./stepDelivery";
import { claimStep, HISTORY, planFor, segmentOf, settingsOf, type Candidate, type PlanWrites, type PlanInputs } from "./planning";
import type { SegmentWithFlow } from "./segmentsStore";
import { presentedOwed, type OwedRow } from "../ledger/owedAmount";
import type { SchedulerDeps, TickResult } from "./runScheduler";
import { referenceFor, shopAccount } from "./transferDetails";

/** A pre-due reminder this close travels in today's message instead of a separate one in a few days. */
export const COMING_DUE_DAYS = 7;

/** Whether a receivable's due step waits for its customer's run rather than going out alone. */
export function joinsCustomerRun(receivable: Candidate, segment: SegmentWithFlow, step: FlowStep): boolean {
  return Boolean(receivable.customer) && receivable.shop.groupReminders && segment.groupReminders
    && (step.channel === "email" || step.channel === "letter");
}

interface Joined {
  receivable: Candidate;
  step: FlowStep;
  messageId: string;
}

/** A customer's open order in a run, with the snapshot its amount is told from (in the customer's currency). */
export type OpenOrder = Candidate & OwedRow;

/** The open orders of the customers with a step due, read at once for all of them (oldest due first). */
export async function openOrdersOf(db: Db, samples: readonly Candidate[]): Promise<Map<string, OpenOrder[]>> {
  const byCustomer = new Map<string, OpenOrder[]>(samples.map((s) => [s.customer!.id, []]));
  if (samples.length === 0) return byCustomer;
  const orders: OpenOrder[] = await db.receivable.findMany({
    where: { shopId: { in: [...new Set(samples.map((s) => s.shopId))] }, customerId: { in: [...byCustomer.keys()] }, status: "open", creditSale: true },
    include: { customer: true, shop: true, messages: HISTORY }, orderBy: [{ dueAt: "asc" }, { id: "asc" }],
  });
  for (const order of orders) byCustomer.get(order.customerId!)!.push(order);
  return byCustomer;
}

/** Everything due for one customer (their open orders: `openOrdersOf`), in one message per channel. */
export async function runCustomer(
  db: Db, deps: SchedulerDeps, sample: Candidate, orders: OpenOrder[], segments: SegmentWithFlow[], inputs: PlanInputs, writes: PlanWrites,
  now: Date, result: TickResult,
) {
  const byId = new Map(orders.map((o) => [o.id, o]));
  const segmentById = new Map(orders.map((o) => [o.id, segmentOf(o, segments, inputs, writes)]));
  const runOrders: RunOrder[] = [];
  for (const order of orders) {
    const segment = segmentById.get(order.id)!;
    runOrders.push({
      receivableId: order.id, plan: await planAfterSkips(db, order, segment, inputs, now, result), dueAt: order.dueAt, sendNow: order.sendNextNow,
      groupable: order.shop.groupReminders && segment.groupReminders,
    });
  }
  const run = planCustomerRun(runOrders, lastSentByChannel(orders), { minGapHours: sample.shop.minGapHours, comingDueDays: COMING_DUE_DAYS }, now);
  for (const held of run.held) writes.nextAction(byId.get(held.receivableId)!, held.until);
  for (const message of run.messages) {
    const { touched, takenToday } = await sendGrouped(db, deps, orders, message, now, result);
    if (takenToday) {
      // the customer already had today's message on this channel: the due steps wait for tomorrow
      for (const id of [message.lead, ...message.others].map((s) => s.receivableId)) writes.nextAction(byId.get(id)!, nextLocalDay(now, sample.shop.timeZone));
      continue;
    }
    // each order the message touched plans its own next step from its fresh history
    for (const id of touched) {
      const order = byId.get(id)!;
      const plan = await planFor(db, order, segmentById.get(id)!.steps, now, true);
      writes.nextAction(order, plan.kind === "wait" ? plan.until : plan.kind === "stop" ? null : now);
    }
  }
  // an order waiting in no message (its send hour, the customer's own hour) is looked at again when its wait ends, not every tick
  const inRun = new Set([...run.held.map((h) => h.receivableId), ...run.messages.flatMap((m) => [m.lead, ...m.others].map((s) => s.receivableId))]);
  for (const { receivableId, plan } of runOrders) if (plan.kind === "wait" && !inRun.has(receivableId)) writes.nextAction(byId.get(receivableId)!, plan.until);
}

/**
 * The order's plan once the steps that are too late (a pre-due reminder after the due date) are
 * recorded as skipped: every order of the customer is gathered into this run's message, whichever
 * batch of the tick it was due in.
 */
async function planAfterSkips(db: Db, order: Candidate, segment: SegmentWithFlow, inputs: PlanInputs, now: Date, result: TickResult): Promise<Plan> {
  let plan = await variantPlan(db, order, segment, inputs, now, false);
  for (let round = 0; plan.kind === "skip" && round < segment.steps.length; round++) {
    const claimed = await claimStep(db, order, plan.step, now, "skipped");
    if (claimed) {
      result.skipped += 1;
      await timelineForMessage(db, order, claimed.id, plan.step, "skipped", now, { reason: plan.reason });
    }
    plan = await variantPlan(db, order, segment, inputs, now, true);
  }
  return plan;
}

/** The order's plan with its experiment variant applied, a send-hour hold counted as a wait. */
async function variantPlan(db: Db, order: Candidate, segment: SegmentWithFlow, inputs: PlanInputs, now: Date, fresh: boolean): Promise<Plan> {
  const plan = await planFor(db, order, segment.steps, now, fresh);
  if (plan.kind !== "send" && !(plan.kind === "wait" && plan.step)) return plan;
  const step = atCustomersHour(withVariant(plan.step!, assignVariant(order.id, plan.step!.key, plan.step!.variants ?? [])), order.customer && inputs.payingHours.get(order.customer.id));
  if (plan.kind === "wait") return { ...plan, step };
  const hold = order.sendNextNow ? null : sendHourHold(step, now, settingsOf(order.shop).quietHours);
  return hold ? { kind: "wait", until: hold, step, reason: "scheduled" } : { kind: "send", step };
}

/** When the customer last heard from us on each channel, over all their orders. */
function lastSentByChannel(orders: Candidate[]): Partial<Record<Channel, Date>> {
  const last: Partial<Record<Channel, Date>> = {};
  for (const message of orders.flatMap((o) => o.messages)) {
    if (!message.sentAt || message.status === "skipped") continue;
    const channel = message.channel as Channel;
    if (!last[channel] || message.sentAt > last[channel]!) last[channel] = message.sentAt;
  }
  return last;
}

/** Claims, renders and sends one grouped message; returns the orders whose step it carried. */
async function sendGrouped(
  db: Db, deps: SchedulerDeps, orders: OpenOrder[], message: GroupedMessage, now: Date, result: TickResult,
): Promise<{ touched: string[]; takenToday?: boolean }> {
  const lead = orders.find((o) => o.id === message.lead.receivableId)!;
  const shop = lead.shop;
  const sendNow = [message.lead, ...message.others].some((s) => orders.find((o) => o.id === s.receivableId)!.sendNextNow);
  // one message per customer, channel and local day; staff asking for one now is a message of its own
  const customerRunKey = `${lead.customer!.id}:${message.channel}:${localDate(now, shop.timeZone)}${sendNow ? `:now:${now.toISOString()}` : ""}`;
  const claimed = await claimStep(db, lead, message.lead.step, now, "sending", { customerRunKey });
  if (!claimed) {
    result.lostRaces += 1;
    return { touched: [], takenToday: Boolean(await db.message.findUnique({ where: { customerRunKey }, select: { id: true } })) };
  }
  const joined: Joined[] = [{ receivable: lead, step: message.lead.step, messageId: claimed.id }];
  for (const other of message.others) {
    const receivable = orders.find((o) => o.id === other.receivableId)!;
    // one total, one currency: an order in another currency gets a message of its own
    if (receivable.currency !== lead.currency) continue;
    const row = await claimStep(db, receivable, other.step, now, "grouped", { groupedInto: claimed.id });
    if (!row) {
      result.lostRaces += 1;
      continue;
    }
    joined.push({ receivable, step: other.step, messageId: row.id });
    result.grouped += 1;
  }
  for (const { receivable } of joined.filter((j) => j.receivable.sendNextNow)) {
    // one step on request; the write is the run's own, so the plan written at the end of the batch must not take it for someone else's
    receivable.sendNextNow = false;
    receivable.updatedAt = (await db.receivable.update({ where: { id: receivable.id }, data: { sendNextNow: false }, select: { updatedAt: true } })).updatedAt;
  }

  const callInstead = callInsteadOf(deps, lead, message.lead.step);
  if (callInstead) {
    // no written message reaches this customer: each order gets its call task, as it would alone
    for (const j of joined) {
      if (j.messageId !== claimed.id) await db.message.update({ where: { id: j.messageId }, data: { status: "sending", groupedInto: null } });
      await carryOut(db, deps, j.receivable, j.step, j.messageId, now, result);
    }
    return { touched: joined.map((j) => j.receivable.id) };
  }
  const listed = orders.filter((o) => o.currency === lead.currency && o.workflowState === null && o.outstandingMinor > 0n && !(o.pausedUntil && o.pausedUntil > now));
  const prefix = assignVariant(lead.id, message.lead.step.key, message.lead.step.variants ?? [])?.subjectPrefix;
  if (listed.length <= 1) {
    // the customer owes only this order: the message about one order, as it always was
    await carryOut(db, deps, lead, message.lead.step, claimed.id, now, result, prefix);
    return { touched: [lead.id] };
  }
  const fee = await announceCosts(db, joined, message.channel, now);
  const locale = reminderLocale(lead.customer?.locale ?? null, lead.customer?.countryCode ?? null);
  const stepOf = new Map(joined.map((j) => [j.receivable.id, j.step.purpose]));
  const rendered = await renderGroupedReminder({
    locale, step: message.lead.step, now, fee, currency: lead.currency as CurrencyCode,
    shop: { name: shop.name, logoUrl: shop.logoUrl, brandColor: shop.brandColor, timeZone: shop.timeZone },
    customerName: personName(lead.customer),
    orders: listed.map((o) => ({
      orderName: o.orderName, issuedAt: o.issuedAt, dueAt: o.dueAt, outstandingMinor: Number(o.outstandingMinor), presented: presentedOwed(o), payUrl: o.paymentUrl,
      stepPurpose: stepOf.get(o.id) ?? null, reference: referenceFor(shop, o.orderName), renewal: receivableKindOf(o.orderGid) === "renewal",
    })),
    customerPageUrl: deps.customerPageUrl?.(lead) ?? null, transfer: shopAccount(shop),
  });
  if (prefix) rendered.subject = `${prefix} ${rendered.subject}`;
  if (message.channel === "letter") {
    await db.message.update({ where: { id: claimed.id }, data: { subject: rendered.subject, html: rendered.html, text: rendered.text, status: "task", sentAt: now, nextAttemptAt: null } });
    await createTask(db, { shopId: lead.shopId, receivableId: lead.id, messageId: claimed.id, kind: "letter", words: { text: "letter", orders: joined.map((j) => j.receivable.orderName) } }, now);
    result.tasks += 1;
  } else {
    await deliverRenderedEmail(db, deps, lead, message.lead.step, claimed.id, rendered, now, result);
  }
  await settleGroup(db, claimed.id, joined, now);
  return { touched: joined.map((j) => j.receivable.id) };
}

/**
 * The collection costs of the orders at a fee-charging step, computed once over them (summed
 * principal, or per invoice between businesses), each order's share on its timeline and row.
 */
async function announceCosts(db: Db, joined: Joined[], channel: Channel, now: Date) {
  const charged = joined.filter((j) => j.step.chargesFee);
  if (charged.length === 0) return null;
  const shop = charged[0].receivable.shop;
  const principals = charged.map((j) => Number(j.receivable.outstandingMinor));
  const costs = consolidatedCollectionCosts(shop.legalProfile, principals, charged[0].receivable.currency);
  if (costs.totalMinor === 0) return null;
  const deadline = fourteenDayDeadline(now, channel === "letter" ? "letter" : "email", shop.timeZone);
  for (const [i, j] of charged.entries()) {
    await db.message.update({ where: { id: j.messageId }, data: { feeMinor: BigInt(costs.perOrderMinor[i]) } });
    await recordTimelineEntry(db, {
      shopId: j.receivable.shopId, orderGid: j.receivable.orderGid, kind: "fee", sourceKey: `fee:${j.messageId}`,
      amountMinor: costs.perOrderMinor[i], currency: j.receivable.currency, occurredAt: now,
      detail: { announced: true, payBefore: deadline, profile: shop.legalProfile, stepKey: j.step.key, basis: costs.basis, totalMinor: costs.totalMinor, orders: charged.length },
    });
  }
  return {
    amountMinor: costs.totalMinor, principalMinor: principals.reduce((a, b) => a + b, 0), deadline,
    perInvoiceMinor: costs.basis === "per_invoice" ? costs.perOrderMinor[0] : null,
  };
}

/**
 * The joined orders take the lead's outcome: sent (or in the outbox, or a letter task), or failed
 * for good. While the lead waits for a retry they stay "grouped" and their steps count as in progress.
 */
export async function settleGroup(db: Db, leadId: string, joined: Joined[] | null, now: Date) {
  const lead = await db.message.findUnique({ where: { id: leadId }, select: { status: true, sentAt: true, subject: true, toAddress: true } });
  if (!lead?.sentAt) return;
  const outcome = { inMessage: leadId, subject: lead.subject, to: lead.toAddress };
  if (joined) {
    // the run that sent the lead knows its rows: no need to read them back (timeline entries are written once, whoever settles)
    const others = joined.filter((j) => j.messageId !== leadId);
    await db.message.updateMany({ where: { id: { in: others.map((j) => j.messageId) }, groupedInto: leadId, status: "grouped" }, data: { status: lead.status, sentAt: lead.sentAt } });
    for (const j of others) await timelineForMessage(db, j.receivable, j.messageId, j.step, lead.status, now, outcome);
    return;
  }
  const rows = await db.message.findMany({ where: { groupedInto: leadId, status: "grouped" }, include: { receivable: { include: { customer: true, shop: true } } } });
  if (rows.length === 0) return;
  await db.message.updateMany({ where: { groupedInto: leadId, status: "grouped" }, data: { status: lead.status, sentAt: lead.sentAt } });
  for (const row of rows) {
    const step = { key: row.stepKey, channel: row.channel as Channel, purpose: row.purpose as FlowStep["purpose"] };
    await timelineForMessage(db, row.receivable, row.id, step, lead.status, now, outcome);
  }
}

/** The day after which a customer whose message for today is taken can hear from us again. */
export function nextLocalDay(now: Date, timeZone: string): Date {
  return afterLocalDate(localDate(now, timeZone));
}
