/**
 * What the scheduler knows of a receivable when it plans: the due row with its shop, customer and
 * message history, the segment whose flow it follows, and the plan (domain planNextStep). Plans
 * that only move a date are written once per batch.
 */
import { directQueryOrNull, type Db } from "../../db/client";
import { planNextStep, type DunningSettings, type Plan } from "../../domain/scheduler";
import { segmentFor, type RiskLevel } from "../../domain/segments";
import { receivableKindOf } from "../../domain/renewals";
import { assignVariant, customersPayingHour, withVariant } from "../../domain/experiments";
import type { FlowStep } from "../../domain/flows";
import { reminderLocale } from "../../i18n/reminders";
import { claimMessage, type CustomerRow, type ShopRow } from "./messageDelivery";
import type { SegmentWithFlow } from "./segmentsStore";
import { selectWhereIn } from "../../db/directRows";
import { setColumnsById, setColumnsIfUnchanged, setDateTimeIfUnchanged, type DateTimeWrite } from "../../db/dialect";
import { receivableIdIn, withReceivablesLocked } from "../ledger/receivableLock";

export interface Candidate {
  id: string;
  updatedAt: Date;
  shopId: string;
  orderGid: string;
  orderName: string;
  issuedAt: Date;
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
  /** the plan's date as read: a re-plan that finds the same date writes nothing */
  nextActionAt: Date | null;
  customer: CustomerRow | null;
  shop: ShopRow;
  messages: MessageHistoryRow[];
}

export interface MessageHistoryRow {
  stepKey: string;
  sentAt: Date | null;
  status: string;
  channel: string;
}

export const HISTORY = { select: { stepKey: true, sentAt: true, status: true, channel: true } } as const;

/**
 * The receivable's columns planning reads, as the driver is asked for them. Not the order snapshot:
 * most plans only wait, and the snapshot is the row's largest column (read when a step goes out).
 */
export const CANDIDATE_COLUMNS = {
  id: "text", updatedAt: "timestamp", shopId: "text", orderGid: "text", orderName: "text", issuedAt: "timestamp", customerId: "text", currency: "text",
  totalMinor: "bigint", outstandingMinor: "bigint", dueAt: "timestamp", status: "text", workflowState: "text", pausedUntil: "timestamp",
  sendNextNow: "boolean", segmentId: "text", paymentUrl: "text", nextActionAt: "timestamp",
} as const;
const HISTORY_COLUMNS = { receivableId: "text", stepKey: "text", sentAt: "timestamp", status: "text", channel: "text" } as const;

export type CandidateRow = Omit<Candidate, "customer" | "shop" | "messages">;

/**
 * The receivables of a scheduler batch, already read in their order, with their customers, shops
 * and message history. The history comes straight from the driver (five times cheaper than
 * through the query builder), customers through Prisma, shops once per tick (`shops` is the
 * tick's cache).
 */
export async function withRelations(db: Db, rows: CandidateRow[], shops: Map<string, ShopRow>): Promise<Candidate[]> {
  const ids = rows.map((r) => r.id);
  const directHistory = await selectWhereIn(db, "Message", HISTORY_COLUMNS, "receivableId", ids);
  const messages = (directHistory as ({ receivableId: string } & MessageHistoryRow)[] | null)
    ?? await db.message.findMany({ where: { receivableId: { in: ids } }, select: { receivableId: true, ...HISTORY.select } });
  const customerIds = [...new Set(rows.flatMap((r) => (r.customerId ? [r.customerId] : [])))];
  const missingShops = [...new Set(rows.map((r) => r.shopId))].filter((id) => !shops.has(id));
  const [customers, shopRows] = await Promise.all([
    customerIds.length ? db.customer.findMany({ where: { id: { in: customerIds } } }) : [],
    missingShops.length ? db.shop.findMany({ where: { id: { in: missingShops } } }) : [],
  ]);
  for (const shop of shopRows) shops.set(shop.id, shop);
  const customerById = new Map(customers.map((c) => [c.id, c]));
  const history = new Map<string, MessageHistoryRow[]>();
  for (const { receivableId, ...message } of messages) (history.get(receivableId) ?? history.set(receivableId, []).get(receivableId)!).push(message);
  return rows.map((row) => ({
    ...row, customer: row.customerId ? customerById.get(row.customerId) ?? null : null, shop: shops.get(row.shopId)!, messages: history.get(row.id) ?? [],
  }));
}

/**
 * Most plans only move a date ("wait until ...") or remember a segment: those writes are made once
 * per batch, a few statements instead of one or two per receivable. A batch may be planned while
 * the previous batch's writes still land (`before`): it acts (claims, sends, runs a customer) and
 * writes only after them, so the writes land in the order the batches were planned.
 */
export class PlanWrites {
  private nextActions: DateTimeWrite[] = [];
  private segments = new Map<string, string[]>();

  constructor(private readonly before: Promise<unknown> = Promise.resolve()) {}

  /** Resolves once the previous batch's plans are written: a step then acts on the dates they wrote. */
  async settled(): Promise<void> {
    await this.before;
  }

  nextAction(receivable: Candidate, at: Date | null) {
    if ((at?.getTime() ?? null) === (receivable.nextActionAt?.getTime() ?? null)) return;
    this.nextActions.push({ id: receivable.id, value: at, readUpdatedAt: receivable.updatedAt });
  }

  segment(receivableId: string, segmentId: string) {
    (this.segments.get(segmentId) ?? this.segments.set(segmentId, []).get(segmentId)!).push(receivableId);
  }

  /** Writes the batch's plans; returns how many dates were written. */
  async flush(db: Db): Promise<number> {
    await this.settled();
    const segmentOf = new Map([...this.segments].flatMap(([segmentId, ids]) => ids.map((id) => [id, segmentId] as const)));
    const ids = [...new Set([...this.nextActions.map((w) => w.id), ...segmentOf.keys()])];
    if (ids.length === 0) return 0;
    // a row with a new date and a new segment is written once (SQLite rewrites the whole row for any column)
    const both = this.nextActions.filter((w) => segmentOf.has(w.id));
    const dateOnly = this.nextActions.filter((w) => !segmentOf.has(w.id));
    const dated = new Set(this.nextActions.map((w) => w.id));
    const segmentOnly = [...segmentOf].filter(([id]) => !dated.has(id));
    const write = async (client: Db) => {
      // a receivable written meanwhile (a payment, a pause, a step just sent) keeps its date: it is planned again
      const dates = await setDateTimeIfUnchanged(client, "Receivable", "nextActionAt", dateOnly);
      const withSegment = await setColumnsIfUnchanged(client, "Receivable", DATE_AND_SEGMENT,
        both.map((w) => ({ id: w.id, values: [w.value, segmentOf.get(w.id)!], readUpdatedAt: w.readUpdatedAt })));
      // the segment is remembered for the lists and reports, not a change of the receivable: updatedAt stays
      await setColumnsById(client, "Receivable", [{ name: "segmentId", type: "text" }], segmentOnly.map(([id, segmentId]) => ({ id, values: [segmentId] })));
      return dates + withSegment;
    };
    this.nextActions = [];
    this.segments.clear();
    // straight to the driver, each statement locks its rows in id order itself (dialect.ts); else under the batch's row locks
    return directQueryOrNull(db) ? write(db) : withReceivablesLocked(db, receivableIdIn(ids), write);
  }
}

const DATE_AND_SEGMENT = [{ name: "nextActionAt", type: "timestamp" }, { name: "segmentId", type: "text" }] as const;

export function settingsOf(shop: ShopRow): DunningSettings {
  return {
    quietHours: { startHour: shop.quietHoursStart, endHour: shop.quietHoursEnd, timeZone: shop.timeZone },
    minGapHours: shop.minGapHours,
  };
}

export function customersByShop(due: Candidate[]): Map<string, string[]> {
  const map = new Map<string, Set<string>>();
  for (const r of due) if (r.customer) (map.get(r.shopId) ?? map.set(r.shopId, new Set()).get(r.shopId)!).add(r.customer.id);
  return new Map([...map].map(([shopId, ids]) => [shopId, [...ids]]));
}

/**
 * What planning reads beyond the receivable and its customer: for segment rules the customer's
 * order count and the receivable's forecast; for steps at the customer's own hour, that hour.
 */
export interface PlanInputs {
  orderCounts: Map<string, number>;
  lateChances: Map<string, number>;
  payingHours: Map<string, number | null>;
}

export function noPlanInputs(): PlanInputs {
  return { orderCounts: new Map(), lateChances: new Map(), payingHours: new Map() };
}

/** How many of a customer's latest reminded payments the paying hour is learned from. */
const PAYMENTS_FOR_HOUR = 20;

/** Which plan inputs a shop's segments read: a shop without such rules and steps is planned without those queries. */
export interface InputsNeeded {
  orderCounts: boolean;
  lateChances: boolean;
  payingHours: boolean;
}

export function inputsNeeded(segments: readonly SegmentWithFlow[]): InputsNeeded {
  const uses = (field: string) => segments.some((s) => s.conditions.some((c) => c.field === field));
  return { orderCounts: uses("orderCount"), lateChances: uses("lateProbability"), payingHours: segments.some((s) => s.steps.some((step) => step.atCustomersHour)) };
}

const EVERY_INPUT: InputsNeeded = { orderCounts: true, lateChances: true, payingHours: true };

/** Read for the customers of a batch (and receivables without one): the forecasts of all their open orders, which a customer run may plan too. */
export async function loadPlanInputs(
  db: Db, shop: { id: string; timeZone: string }, customerIds: string[], receivableIds: string[], into = noPlanInputs(), needed = EVERY_INPUT,
): Promise<PlanInputs> {
  const shopId = shop.id;
  const [counts, forecasts, reminded] = await Promise.all([
    customerIds.length && needed.orderCounts ? db.receivable.groupBy({ by: ["customerId"], where: { shopId, customerId: { in: customerIds } }, _count: { _all: true } }) : [],
    needed.lateChances ? db.paymentForecast.findMany({
      where: { shopId, OR: [{ receivableId: { in: receivableIds } }, ...(customerIds.length ? [{ receivable: { customerId: { in: customerIds } } }] : [])] },
      select: { receivableId: true, lateProbability: true },
    }) : [],
    // payments that followed a reminder (reminders stop once an order is paid, so any sent one came before)
    customerIds.length && needed.payingHours ? db.receivable.findMany({
      where: { shopId, customerId: { in: customerIds }, status: "paid", paidAt: { not: null }, messages: { some: { sentAt: { not: null }, purpose: { not: "notice" } } } },
      select: { customerId: true, paidAt: true }, orderBy: { paidAt: "desc" },
    }) : [],
  ]);
  const paidAt = new Map<string, Date[]>();
  for (const row of reminded) {
    const list = paidAt.get(row.customerId!) ?? paidAt.set(row.customerId!, []).get(row.customerId!)!;
    if (list.length < PAYMENTS_FOR_HOUR) list.push(row.paidAt!);
  }
  for (const id of customerIds) into.payingHours.set(id, customersPayingHour(paidAt.get(id) ?? [], shop.timeZone));
  for (const row of counts) into.orderCounts.set(row.customerId!, row._count._all);
  for (const row of forecasts) into.lateChances.set(row.receivableId, row.lateProbability);
  return into;
}

/** The segment (and so the flow) a receivable follows now. */
export function segmentOf(receivable: Candidate, segments: SegmentWithFlow[], inputs: PlanInputs, writes: PlanWrites): SegmentWithFlow {
  const customer = receivable.customer;
  const orderCount = customer ? inputs.orderCounts.get(customer.id) ?? 1 : 1;
  const segment = segmentFor(segments, {
    riskLevel: (customer?.riskLevel ?? "low") as RiskLevel,
    isCompany: Boolean(customer?.company),
    countryCode: customer?.countryCode ?? null,
    tags: customer?.tags ? customer.tags.split(",").map((t) => t.trim()) : [],
    orderCount,
    orderValueMinor: Number(receivable.totalMinor),
    lateProbability: inputs.lateChances.get(receivable.id) ?? null,
    creditScore: customer?.bureauScore ?? null,
    receivableKind: receivableKindOf(receivable.orderGid),
  });
  // remembered for the receivables list and the reports; the flow itself is always re-evaluated
  if (receivable.segmentId !== segment.id) {
    receivable.segmentId = segment.id;
    writes.segment(receivable.id, segment.id);
  }
  return segment;
}

export async function planFor(db: Db, receivable: Candidate, steps: FlowStep[], now: Date, fresh: boolean): Promise<Plan> {
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

/** Claims a step; in an experiment the receivable's variant decides the channel that is recorded. */
export function claimStep(
  db: Db, receivable: Candidate, step: FlowStep, now: Date, status: "sending" | "skipped" | "grouped", group?: { customerRunKey?: string; groupedInto?: string },
) {
  const locale = reminderLocale(receivable.customer?.locale ?? null, receivable.customer?.countryCode ?? null);
  const variant = assignVariant(receivable.id, step.key, step.variants ?? []);
  const applied = withVariant(step, variant);
  return claimMessage(db, receivable, { stepKey: step.key, channel: applied.channel, purpose: step.purpose, locale, variant: variant?.key }, now, status, group);
}
