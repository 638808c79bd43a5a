/**
 * What the admin blocks on Shopify's own order and customer pages show (extensions/dunly-admin),
 * and the actions their buttons and Shopify's order list call: the same services as the app's
 * own order page, always within the shop of the session token.
 */
import type { Db } from "../../db/client";
import { WorkflowError, nextWorkflow, type Workflow } from "../../domain/workflow";
import { assessRisk, riskRulesOf, type RiskAssessment } from "../../domain/risk";
import { previewNextStep } from "../followUp/runScheduler";
import { pauseReceivable, PauseError, resumeReceivable } from "../followUp/pauseReminders";
import { closeFollowUp, ReceivableActionError, requestSendNow } from "../ledger/receivableDetail";
import { profilesFor, screeningFactsOf } from "../customers/customerProfiles";
import type { Refusal } from "../../domain/refusals";

export type OrderState = "open" | "paused" | "paid" | "cancelled" | "disputed" | "in_arrangement" | "handed_over" | "written_off";

export interface OrderBlock {
  followed: true;
  receivableId: string;
  order: string;
  currency: string;
  totalMinor: number;
  outstandingMinor: number;
  dueDate: string;
  state: OrderState;
  pausedUntil: string | null;
  pauseReason: string | null;
  lastMessage: { step: string; channel: string; status: string; at: string } | null;
  next: { step: string | null; at: string } | null;
  allowed: { pause: boolean; resume: boolean; sendNow: boolean; handOver: boolean };
}

/** An order the app does not follow up: paid at checkout, or never a sale on credit. */
export interface NotFollowed {
  followed: false;
}

function allows(state: string | null, event: "hand_over"): boolean {
  try {
    nextWorkflow(state as Workflow, event);
    return true;
  } catch (error) {
    if (error instanceof WorkflowError) return false;
    throw error;
  }
}

export async function orderBlock(db: Db, shopId: string, orderGid: string, now: Date): Promise<OrderBlock | NotFollowed> {
  const r = await db.receivable.findFirst({
    where: { shopId, orderGid, creditSale: true },
    include: { messages: { where: { status: { notIn: ["skipped", "grouped"] }, sentAt: { not: null } }, orderBy: { sentAt: "desc" }, take: 1 } },
  });
  if (!r) return { followed: false };
  const paused = r.pausedUntil && r.pausedUntil > now ? r.pausedUntil : null;
  const state: OrderState = r.status !== "open" ? (r.status as OrderState) : (r.workflowState as OrderState | null) ?? (paused ? "paused" : "open");
  const open = r.status === "open";
  const plan = open && !r.workflowState ? await previewNextStep(db, shopId, r.id, now) : null;
  const last = r.messages[0];
  return {
    followed: true, receivableId: r.id, order: r.orderName, currency: r.currency, totalMinor: Number(r.totalMinor), outstandingMinor: Number(r.outstandingMinor),
    dueDate: r.dueAt.toISOString().slice(0, 10), state, pausedUntil: paused?.toISOString() ?? null, pauseReason: paused ? r.pauseReason : null,
    lastMessage: last ? { step: last.stepKey, channel: last.channel, status: last.status, at: last.sentAt!.toISOString() } : null,
    next: plan?.kind === "wait" && plan.reason !== "paused" ? { step: plan.step?.key ?? null, at: plan.until.toISOString() }
      : plan?.kind === "send" || plan?.kind === "skip" ? { step: plan.step.key, at: now.toISOString() } : null,
    allowed: {
      pause: state === "open", resume: state === "paused", sendNow: state === "open" && !r.sendNextNow,
      handOver: open && allows(r.workflowState, "hand_over"),
    },
  };
}

export interface CustomerBlock {
  followed: true;
  customerId: string;
  currency: string;
  exposureMinor: number;
  overdueMinor: number;
  creditLimitMinor: number | null;
  risk: RiskAssessment;
  brokenPromises: number;
  brokenArrangements: number;
  openDisputes: number;
  openOrders: { receivableId: string; order: string; outstandingMinor: number; dueDate: string; state: OrderState }[];
}

const MAX_LISTED_ORDERS = 10;

/** A customer by Shopify's id (the block on Shopify's page) or by ours (the app's customer page). */
export async function customerBlock(db: Db, shopId: string, which: { gid: string } | { id: string }, now: Date): Promise<CustomerBlock | NotFollowed> {
  const customer = await db.customer.findFirst({ where: { shopId, ...which }, include: { shop: true } });
  if (!customer) return { followed: false };
  const profile = (await profilesFor(db, shopId, [customer.id], now)).get(customer.id)!;
  const limit = customer.creditLimitMinor === null ? null : Number(customer.creditLimitMinor);
  const open = await db.receivable.findMany({
    where: { shopId, customerId: customer.id, creditSale: true, status: "open" }, orderBy: [{ dueAt: "asc" }, { id: "asc" }], take: MAX_LISTED_ORDERS,
  });
  return {
    followed: true, customerId: customer.id, currency: customer.shop.currency, exposureMinor: profile.openExposureMinor, overdueMinor: profile.overdueMinor,
    creditLimitMinor: limit, risk: assessRisk(profile, riskRulesOf(customer.shop), limit, screeningFactsOf(customer)),
    brokenPromises: profile.brokenPromises, brokenArrangements: profile.brokenArrangements, openDisputes: profile.openDisputes,
    openOrders: open.map((r) => ({
      receivableId: r.id, order: r.orderName, outstandingMinor: Number(r.outstandingMinor), dueDate: r.dueAt.toISOString().slice(0, 10),
      state: (r.workflowState as OrderState | null) ?? (r.pausedUntil && r.pausedUntil > now ? "paused" : "open"),
    })),
  };
}

export type OrderAction = { kind: "pause"; until: Date; reason: string } | { kind: "resume" } | { kind: "send_now" } | { kind: "hand_over"; note: string };

export interface OrderActionOutcome {
  orderGid: string;
  ok: boolean;
  /** why not: in English, and as a code the admin words in the merchant's language */
  error?: string;
  refusal?: Refusal;
}

/** One action on the orders Shopify's list or page selected; each order answers for itself. */
export async function actOnOrders(db: Db, shopId: string, orderGids: string[], action: OrderAction, now: Date): Promise<OrderActionOutcome[]> {
  const receivables = await db.receivable.findMany({ where: { shopId, orderGid: { in: orderGids }, creditSale: true }, select: { id: true, orderGid: true } });
  const byGid = new Map(receivables.map((r) => [r.orderGid, r.id]));
  const outcomes: OrderActionOutcome[] = [];
  for (const orderGid of orderGids) {
    const id = byGid.get(orderGid);
    if (!id) {
      outcomes.push({ orderGid, ok: false, error: "not followed up by the app (paid at checkout, or not a sale on credit)", refusal: { code: "not_followed" } });
      continue;
    }
    try {
      await carryOut(db, shopId, id, action, now);
      outcomes.push({ orderGid, ok: true });
    } catch (error) {
      if (!(error instanceof PauseError || error instanceof ReceivableActionError || error instanceof WorkflowError)) throw error;
      outcomes.push({ orderGid, ok: false, error: error.message, refusal: error.refusal });
    }
  }
  return outcomes;
}

async function carryOut(db: Db, shopId: string, id: string, action: OrderAction, now: Date): Promise<void> {
  switch (action.kind) {
    case "pause":
      return pauseReceivable(db, shopId, id, action.until, action.reason, now);
    case "resume":
      return resumeReceivable(db, shopId, id, now);
    case "send_now":
      if ((await requestSendNow(db, shopId, [id], now)) === 0) throw new ReceivableActionError("not open, or in a dispute, an arrangement or a hand-over: no reminder goes out", { code: "send_now_refused" });
      return;
    case "hand_over":
      return closeFollowUp(db, shopId, id, "handed_over", action.note, now);
  }
}
