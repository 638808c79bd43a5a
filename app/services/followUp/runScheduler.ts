/**
 * One scheduler tick: every open receivable whose next action is due is planned (domain
 * planNextStep) and its step carried out. Safe with several processes: a step is claimed by
 * inserting its Message row, whose idempotency key (receivable + step) is unique, so a second
 * scheduler racing for the same step loses the insert and does nothing.
 */
import { selectRows } from "../../db/directRows";
import type { Db } from "../../db/client";
import type { Clock } from "../../domain/time";
import type { Plan } from "../../domain/scheduler";
import { assignVariant, atCustomersHour, sendHourHold, withVariant } from "../../domain/experiments";
import type { Mailer } from "../../adapters/email/mailer";
import type { SmsProvider, WhatsAppProvider } from "../../adapters/sms/provider";
import { timelineForMessage, type ShopRow } from "./messageDelivery";
import { loadSegments, type SegmentWithFlow } from "./segmentsStore";
import { refreshRiskLevels } from "../customers/customerProfiles";
import {
  claimStep, customersByShop, CANDIDATE_COLUMNS, HISTORY, inputsNeeded, loadPlanInputs, noPlanInputs, planFor, PlanWrites, segmentOf, settingsOf, withRelations, type Candidate, type CandidateRow, type PlanInputs,
} from "./planning";
import { carryOut } from "./stepDelivery";
import { joinsCustomerRun, openOrdersOf, runCustomer } from "./customerRun";
import { needsRecheck, recheckWithShopify, type AdminLookup } from "./shopifyRecheck";
import { walkReplans } from "./replan";
import { inBackground } from "../../db/keyset";
import { retryUnfinishedSends } from "./sendRetries";

export interface SchedulerDeps {
  clock: Clock;
  mailer: Mailer;
  /** without a provider an SMS step becomes a call task */
  sms?: SmsProvider | null;
  /** without a WhatsApp sender a WhatsApp step becomes a call task */
  whatsapp?: WhatsAppProvider | null;
  /** the signed customer-page link of a receivable, once the customer page exists */
  customerPageUrl?: (receivable: { id: string; shopId: string; customerId: string | null }) => string | null;
  batchSize?: number;
  defaultFrom?: string;
  /** Shopify access per shop: a final notice or a step announcing costs first asks Shopify whether the order was paid */
  adminOf?: AdminLookup;
}

/** Receivables whose costly step waits for Shopify's word in this tick, and those already cleared. */
interface Rechecks {
  pending: Candidate[];
  cleared: Set<string>;
}

export interface TickResult {
  planned: number;
  sent: number;
  skipped: number;
  tasks: number;
  failed: number;
  retried: number;
  /** order steps that went out in a message about another order of the same customer */
  grouped: number;
  lostRaces: number;
  /** costly steps held because Shopify showed the order paid meanwhile, or could not be asked */
  heldForShopify: number;
  /** plans whose date was written: a re-plan that finds a receivable's date unchanged writes nothing */
  datesMoved: number;
}


/** What the flow will do next for one receivable: for the order page. */
export async function previewNextStep(db: Db, shopId: string, receivableId: string, now: Date): Promise<Plan | null> {
  const receivable = await db.receivable.findFirst({
    where: { id: receivableId, shopId }, include: { customer: true, shop: true, messages: HISTORY },
  });
  if (!receivable) return null;
  const inputs = await loadPlanInputs(db, receivable.shop, receivable.customer ? [receivable.customer.id] : [], [receivable.id]);
  const writes = new PlanWrites();
  const { steps } = segmentOf(receivable, await loadSegments(db, shopId), inputs, writes);
  await writes.flush(db);
  return planFor(db, receivable, steps, now, false);
}

export async function runSchedulerTick(db: Db, deps: SchedulerDeps): Promise<TickResult> {
  const now = deps.clock();
  const result: TickResult = { planned: 0, sent: 0, skipped: 0, tasks: 0, failed: 0, retried: 0, lostRaces: 0, grouped: 0, heldForShopify: 0, datesMoved: 0 };
  await retryUnfinishedSends(db, deps, now, result);
  // a shop's settings and segments are read once a tick, not once a batch
  const tick: Tick = { deps, now, result, shops: new Map(), segmentsByShop: new Map(), landing: LANDED };
  const batchSize = deps.batchSize ?? 500;
  const ticks = [tick];
  try {
    let next = inBackground(() => dueReceivables(db, now, null, batchSize));
    for (;;) {
      const page = await next;
      const last = page.length === batchSize ? page[page.length - 1] : null;
      if (last) next = inBackground(() => dueReceivables(db, now, last, batchSize));
      await planBatch(db, tick, page);
      if (!last) break;
    }
    await tick.landing;
    // flows or settings changed: every open receivable of those shops, the plans that moved written,
    // with the shop and its segments read again (this tick's were read before the change may have been made)
    await walkReplans(db, batchSize, () => {
      const walk: Tick = { ...tick, shops: new Map(), segmentsByShop: new Map(), landing: LANDED };
      ticks.push(walk);
      return async (page) => {
        await planBatch(db, walk, page);
        return { landed: walk.landing };
      };
    });
  } finally {
    // a batch that failed leaves none of the plans before it still landing when the next tick starts
    await Promise.all(ticks.map((t) => t.landing.catch(() => undefined)));
  }
  return result;
}

const LANDED: Promise<void> = Promise.resolve();

interface Tick {
  deps: SchedulerDeps;
  now: Date;
  result: TickResult;
  shops: Map<string, ShopRow>;
  segmentsByShop: Map<string, SegmentWithFlow[]>;
  /** the last batch's plan writes, still landing while the next batch is planned */
  landing: Promise<void>;
}

/**
 * Plans one page of receivables (read in their order) and carries out the steps that are due; its
 * plans are left landing (`tick.landing`) while the caller reads and plans the next page.
 */
async function planBatch(db: Db, tick: Tick, page: CandidateRow[]) {
  const { deps, now, result, shops, segmentsByShop } = tick;
  const due = await withRelations(db, page, shops);
  // the risk level the segments read follows the customers' latest payment behaviour
  const inputs = noPlanInputs();
  const customers = customersByShop(due);
  for (const shopId of new Set(due.map((r) => r.shopId))) {
    if (!segmentsByShop.has(shopId)) segmentsByShop.set(shopId, await loadSegments(db, shopId));
    // every shop of the batch: a receivable without a customer still has its forecast for the segment rules
    const ofShop = due.filter((r) => r.shopId === shopId);
    const ids = customers.get(shopId) ?? [];
    await loadPlanInputs(db, ofShop[0].shop, ids, ofShop.map((r) => r.id), inputs, inputsNeeded(segmentsByShop.get(shopId)!));
    if (ids.length === 0) continue;
    const levels = await refreshRiskLevels(db, shopId, ids, now);
    for (const r of due) if (r.customer && levels.has(r.customer.id)) r.customer.riskLevel = levels.get(r.customer.id)!;
  }
  const writes = new PlanWrites(tick.landing);
  const customerRuns = new Map<string, Candidate>();
  const rechecks: Rechecks = { pending: [], cleared: new Set() };
  for (const receivable of due) {
    await advance(db, deps, receivable, segmentsByShop.get(receivable.shopId)!, inputs, writes, now, result, customerRuns, rechecks);
  }
  if (rechecks.pending.length && deps.adminOf) {
    const checked = await recheckWithShopify(db, deps.adminOf, rechecks.pending, now);
    result.heldForShopify += checked.refreshed.length + checked.postponed.length;
    for (const { receivable, until } of checked.postponed) writes.nextAction(receivable, until);
    for (const receivable of checked.cleared) {
      rechecks.cleared.add(receivable.id);
      await advance(db, deps, receivable, segmentsByShop.get(receivable.shopId)!, inputs, writes, now, result, customerRuns, rechecks);
    }
  }
  // the customers with a step due: one message each, about all their orders
  const ordersOf = await openOrdersOf(db, [...customerRuns.values()]);
  for (const sample of customerRuns.values()) {
    await runCustomer(db, deps, sample, ordersOf.get(sample.customer!.id)!, segmentsByShop.get(sample.shopId)!, inputs, writes, now, result);
  }
  tick.landing = inBackground(async () => {
    // counted once written: `datesMoved += await` would read the count before the previous batch's landing added to it
    const written = await writes.flush(db);
    result.datesMoved += written;
  });
}

interface DueCursor {
  id: string;
  nextActionAt: Date;
}

const DUE_WHERE = `t."status" = 'open' AND t."creditSale" = ? AND t."nextActionAt" <= ?`;
// a filter beside the index scan, not a join: as EXISTS, PostgreSQL joined the shops by hash and
// sorted every due row for each page (53 ms a page of 500 at 25,000 due, 0.7 ms this way)
const SHOP_INSTALLED = `t."shopId" NOT IN (SELECT s."id" FROM "Shop" s WHERE s."uninstalledAt" IS NOT NULL)`;

/**
 * The next receivables whose action is due, in index order (status, nextActionAt, id), after the
 * cursor, read whole in the same statement (straight from the driver where the client has it).
 * A row-value comparison lets both databases start the index scan at the cursor: a tick over a
 * large book reads each due row once (PostgreSQL keeps old versions of rows already planned in
 * front of it), also when a mass re-plan gave them all the same date.
 */
async function dueReceivables(db: Db, now: Date, after: DueCursor | null, limit: number): Promise<(CandidateRow & DueCursor)[]> {
  const cursor = after ? ` AND (t."nextActionAt", t."id") > (?, ?)` : "";
  const direct = await selectRows(db, CANDIDATE_COLUMNS, `"Receivable" t`, `${DUE_WHERE}${cursor} AND ${SHOP_INSTALLED} ORDER BY t."nextActionAt", t."id" LIMIT ?`,
    [true, now, ...(after ? [after.nextActionAt, after.id] : []), limit], { inIndexOrder: true });
  if (direct) return direct as (CandidateRow & DueCursor)[];
  // a client without a direct connection: the same page through the query builder
  const rows = await db.receivable.findMany({
    where: {
      status: "open", creditSale: true, nextActionAt: { lte: now }, shop: { uninstalledAt: null },
      ...(after ? { OR: [{ nextActionAt: { gt: after.nextActionAt } }, { nextActionAt: after.nextActionAt, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ nextActionAt: "asc" }, { id: "asc" }], take: limit,
  });
  return rows as (CandidateRow & DueCursor)[];
}

async function advance(
  db: Db, deps: SchedulerDeps, receivable: Candidate, segments: SegmentWithFlow[], inputs: PlanInputs, writes: PlanWrites,
  now: Date, result: TickResult, customerRuns: Map<string, Candidate>, rechecks: Rechecks,
) {
  if (!rechecks.cleared.has(receivable.id)) result.planned += 1;
  const segment = segmentOf(receivable, segments, inputs, writes);
  const steps = segment.steps;
  // a skipped or caught-up step may make the next one due at once: act until the plan waits or stops
  for (let round = 0; round <= steps.length; round++) {
    const plan = await planFor(db, receivable, steps, now, round > 0);
    if (plan.kind !== "send" && plan.kind !== "skip") {
      writes.nextAction(receivable, plan.kind === "wait" ? plan.until : null);
      return;
    }
    await writes.settled();
    const applied = withVariant(plan.step, assignVariant(receivable.id, plan.step.key, plan.step.variants ?? []));
    if (plan.kind === "send" && deps.adminOf && needsRecheck(applied) && !rechecks.cleared.has(receivable.id)) {
      rechecks.pending.push(receivable); // asked of Shopify for the whole batch at once, then planned again
      return;
    }
    if (plan.kind === "send" && joinsCustomerRun(receivable, segment, applied)) {
      // it goes out with everything else the customer owes: planned in the customer's run
      customerRuns.set(receivable.customer!.id, receivable);
      return;
    }
    // a step (or its experiment variant) with a send hour waits for that hour, unless staff asked for it now
    const atHour = atCustomersHour(applied, receivable.customer && inputs.payingHours.get(receivable.customer.id));
    const hold = plan.kind === "send" && !receivable.sendNextNow ? sendHourHold(atHour, now, settingsOf(receivable.shop).quietHours) : null;
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
