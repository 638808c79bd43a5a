/**
 * Payment arrangements as stored: proposed by the customer (accepted at once inside the shop's
 * rules, else a staff decision) or made by staff; instalment reminders; break on a missed
 * instalment after the grace period, which hands the order back to the reminder flow.
 */
import { owedValues, recordFlowEvent } from "../automation/flowEvents";
import type { Db } from "../../db/client";
import { assertWorkflowAllows, moveWorkflow } from "../ledger/receivableWorkflow";
import { arrangementState, judgeProposal, splitIntoInstalments, type ArrangementRules } from "../../domain/arrangements";
import { formatMoney, type CurrencyCode } from "../../domain/money";
import { formatDate } from "../../adapters/email/renderReminder";
import { reminderText } from "../../i18n/reminders";
import { recordTimelineEntry } from "../ledger/timeline";
import { raiseAlert } from "../insight/alerts";
import { sendNotice, type NoticeDeps } from "../followUp/customerNotices";
import { noticeKey } from "../../domain/noticeKeys";
import { createTask } from "../insight/tasks";
import { RefusalError, type ProposalFault } from "../../domain/refusals";

export class ArrangementError extends RefusalError {
  override name = "ArrangementError";
}

/** A fault of a proposal in staff's words (the customer reads it in theirs: app/i18n/refusals.ts). */
function faultText(fault: ProposalFault): string {
  switch (fault.code) {
    case "instalments":
      return `between ${fault.min} and ${fault.max} instalments`;
    case "interval":
      return `an interval between ${fault.min} and ${fault.max} days`;
    case "first_payment":
      return `a first payment within ${fault.days} days from today`;
    case "amount":
      return "an amount that is still owed";
  }
}

/** an instalment is announced this many days before it is due */
const INSTALMENT_NOTICE_DAYS = 3;

export interface ProposalInput {
  shopId: string;
  receivableId: string;
  source: "customer" | "staff";
  instalments: number;
  intervalDays: number;
  firstDueAt: Date;
}

export function rulesOf(shop: { arrangementMaxInstalments: number; arrangementMinInstalmentMinor: number; arrangementMaxDays: number; arrangementGraceDays: number }): ArrangementRules {
  return {
    maxInstalments: shop.arrangementMaxInstalments, minInstalmentMinor: shop.arrangementMinInstalmentMinor,
    maxDurationDays: shop.arrangementMaxDays, graceDays: shop.arrangementGraceDays,
  };
}

export async function proposeArrangement(db: Db, deps: NoticeDeps | null, input: ProposalInput, now: Date) {
  const receivable = await db.receivable.findFirst({ where: { id: input.receivableId, shopId: input.shopId }, include: { shop: true } });
  if (!receivable) throw new ArrangementError("no such order in this shop", { code: "unknown_order" });
  if (receivable.status !== "open" || receivable.outstandingMinor <= 0n) throw new ArrangementError("nothing is owed on this order", { code: "nothing_owed" });
  const running = await db.arrangement.count({ where: { receivableId: receivable.id, status: { in: ["active", "pending_approval"] } } });
  if (running) throw new ArrangementError("there already is an arrangement for this order", { code: "arrangement_exists" });
  assertWorkflowAllows(receivable, "propose_arrangement");
  const proposal = {
    totalMinor: Number(receivable.outstandingMinor), instalments: input.instalments, intervalDays: input.intervalDays, firstDueAt: input.firstDueAt,
  };
  const verdict = judgeProposal(proposal, rulesOf(receivable.shop), now);
  if (verdict.kind === "invalid") throw new ArrangementError(`the proposal needs ${verdict.faults.map(faultText).join(", ")}`, { code: "arrangement_invalid", faults: verdict.faults });
  const accepted = verdict.kind === "accept" || input.source === "staff";
  const arrangement = await db.arrangement.create({
    data: {
      shopId: input.shopId, receivableId: receivable.id, source: input.source, status: accepted ? "active" : "pending_approval",
      totalMinor: receivable.outstandingMinor, startOutstandingMinor: receivable.outstandingMinor, currency: receivable.currency,
      graceDays: receivable.shop.arrangementGraceDays, createdAt: now, decidedAt: accepted ? now : null,
      instalments: { create: splitIntoInstalments(proposal).map((i) => ({ seq: i.seq, amountMinor: BigInt(i.amountMinor), dueAt: i.dueAt })) },
    },
    include: { instalments: { orderBy: { seq: "asc" } } },
  });
  await moveWorkflow(db, receivable, "propose_arrangement", now);
  if (!accepted) {
    await createTask(db, {
      shopId: input.shopId, receivableId: receivable.id, kind: "arrangement_approval",
      words: { text: "arrangement_approval", order: receivable.orderName, reasons: verdict.kind === "needs_approval" ? verdict.reasons : [] },
    }, now);
  }
  await recordTimelineEntry(db, {
    shopId: input.shopId, orderGid: receivable.orderGid, kind: "pause", sourceKey: `arrangement:${arrangement.id}:created`,
    amountMinor: Number(arrangement.totalMinor), currency: receivable.currency, occurredAt: now,
    detail: { arrangement: arrangement.id, status: arrangement.status, instalments: input.instalments, source: input.source },
  });
  if (deps) await confirm(db, deps, arrangement.id, accepted, now);
  return arrangement;
}

async function confirm(db: Db, deps: NoticeDeps, arrangementId: string, accepted: boolean, now: Date) {
  const arrangement = await db.arrangement.findUniqueOrThrow({ where: { id: arrangementId }, include: { instalments: { orderBy: { seq: "asc" } }, receivable: { include: { shop: true } } } });
  const currency = arrangement.currency as CurrencyCode;
  const tz = arrangement.receivable.shop.timeZone;
  await sendNotice(db, deps, arrangement.receivableId, {
    stepKey: noticeKey.arrangement(arrangement.id, accepted), purpose: "notice",
    subjectKey: "arrangement.subject", bodyKeys: [accepted ? "arrangement.body" : "arrangementPending.body"],
    values: (locale) => ({ amount: formatMoney(Number(arrangement.totalMinor), currency, locale), count: String(arrangement.instalments.length) }),
    facts: (locale) => arrangement.instalments.map((i) => ({
      label: reminderText(locale, "instalmentName", { seq: String(i.seq) }),
      value: `${formatMoney(Number(i.amountMinor), currency, locale)} · ${formatDate(i.dueAt, locale, tz)}`,
    })),
  }, now);
}

export async function decideArrangement(db: Db, deps: NoticeDeps | null, input: { shopId: string; arrangementId: string; approve: boolean }, now: Date) {
  const arrangement = await db.arrangement.findFirst({ where: { id: input.arrangementId, shopId: input.shopId }, include: { receivable: true } });
  if (!arrangement) throw new ArrangementError("no such arrangement in this shop", { code: "unknown_arrangement" });
  if (arrangement.status !== "pending_approval") throw new ArrangementError("this arrangement was already decided", { code: "arrangement_decided" });
  await db.arrangement.update({
    where: { id: arrangement.id },
    data: { status: input.approve ? "active" : "rejected", decidedAt: now, endedAt: input.approve ? null : now },
  });
  if (!input.approve) await moveWorkflow(db, arrangement.receivable, "reject_arrangement", now);
  await recordTimelineEntry(db, {
    shopId: input.shopId, orderGid: arrangement.receivable.orderGid, kind: "pause", sourceKey: `arrangement:${arrangement.id}:${input.approve ? "approved" : "rejected"}`,
    amountMinor: 0, currency: arrangement.currency, occurredAt: now, detail: { arrangement: arrangement.id, status: input.approve ? "active" : "rejected" },
  });
  if (deps && input.approve) await confirm(db, deps, arrangement.id, true, now);
}

export interface ArrangementTickResult {
  completed: number;
  broken: number;
  reminded: number;
}

/** Follows every active arrangement: completes, breaks, or announces the next instalment. */
export async function runArrangementTick(db: Db, deps: NoticeDeps, now: Date): Promise<ArrangementTickResult> {
  const result: ArrangementTickResult = { completed: 0, broken: 0, reminded: 0 };
  const active = await db.arrangement.findMany({
    // an uninstalled shop's customers hear nothing more from us
    where: { status: "active", receivable: { shop: { uninstalledAt: null } } }, include: { instalments: { orderBy: { seq: "asc" } }, receivable: { include: { shop: true } } },
  });
  for (const arrangement of active) {
    const receivable = arrangement.receivable;
    const paid = Number(arrangement.startOutstandingMinor - receivable.outstandingMinor);
    const planned = arrangement.instalments.map((i) => ({ seq: i.seq, amountMinor: Number(i.amountMinor), dueAt: i.dueAt }));
    const state = arrangementState(planned, receivable.status === "paid" ? Number(arrangement.totalMinor) : paid, arrangement.graceDays, now);
    if (state.status !== "active") {
      await endArrangement(db, arrangement.id, receivable, state.status, state.missed?.seq ?? null, now);
      result[state.status === "completed" ? "completed" : "broken"] += 1;
      continue;
    }
    const next = state.instalments.find((i) => i.status !== "paid");
    if (next && next.dueAt.getTime() - INSTALMENT_NOTICE_DAYS * 86_400_000 <= now.getTime()) {
      const currency = arrangement.currency as CurrencyCode;
      const sent = await sendNotice(db, deps, receivable.id, {
        stepKey: noticeKey.instalmentComingDue(arrangement.id, next.seq), purpose: "notice",
        subjectKey: "instalment.subject", bodyKeys: ["instalment.body"],
        values: (locale) => ({
          seq: String(next.seq), count: String(planned.length), amount: formatMoney(next.amountMinor - next.paidMinor, currency, locale),
          dueDate: formatDate(next.dueAt, locale, receivable.shop.timeZone),
        }),
      }, now);
      if (sent) result.reminded += 1;
    }
  }
  return result;
}

async function endArrangement(
  db: Db, arrangementId: string,
  receivable: { id: string; shopId: string; orderGid: string; orderName: string; currency: string; workflowState: string | null; customerId: string | null; outstandingMinor: bigint },
  status: "completed" | "broken", missedSeq: number | null, now: Date,
) {
  await db.arrangement.update({ where: { id: arrangementId }, data: { status, endedAt: now } });
  // broken: the reminder flow takes over again where it stood; completed: the ledger shows it paid
  await moveWorkflow(db, receivable, "end_arrangement", now);
  if (status === "broken") {
    await raiseAlert(db, {
      shopId: receivable.shopId, key: `arrangement_broken:${arrangementId}`, receivableId: receivable.id,
      words: { text: "arrangement_broken", order: receivable.orderName, instalment: missedSeq },
    }, now);
    await recordFlowEvent(db, {
      shopId: receivable.shopId, handle: "arrangement-broken", key: `arrangement_broken:${arrangementId}`, orderGid: receivable.orderGid,
      customerId: receivable.customerId, values: { "Missed instalment": missedSeq ?? 0, ...owedValues(receivable) },
    }, now);
    await createTask(db, {
      shopId: receivable.shopId, receivableId: receivable.id, kind: "arrangement_broken", words: { text: "arrangement_broken", order: receivable.orderName, instalment: missedSeq },
    }, now);
  }
  await recordTimelineEntry(db, {
    shopId: receivable.shopId, orderGid: receivable.orderGid, kind: "pause", sourceKey: `arrangement:${arrangementId}:${status}`,
    amountMinor: 0, currency: receivable.currency, occurredAt: now, detail: { arrangement: arrangementId, status, missedInstalment: missedSeq },
  });
}
