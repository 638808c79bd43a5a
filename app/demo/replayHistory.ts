/**
 * Plays the demo's six months through the product, day by day on a simulated clock: each morning
 * the reminder scheduler, the promise and arrangement checks and the dispute deadlines run as the
 * worker runs them; during the day orders and payments arrive as webhooks would apply them, and
 * customers and staff do what demoHistory says, through the same services as the app's pages.
 */
import type { Db } from "../db/client";
import { DAY_MS } from "../domain/time";
import { WorkflowError } from "../domain/workflow";
import type { Mailer } from "../adapters/email/mailer";
import { customerFromPayload, orderSnapshotFromPayload, paymentFactFromTransaction } from "../adapters/shopify/payloads";
import { applyLedgerBatch, type FactUpdate, type OrderUpdate } from "../services/ledger/ledgerBatch";
import type { ShopRef } from "../services/ledger/ledgerStore";
import { runSchedulerTick } from "../services/followUp/runScheduler";
import { makePromise, PromiseError, runPromiseTick } from "../services/customers/promises";
import { ArrangementError, decideArrangement, proposeArrangement, runArrangementTick } from "../services/arrangements/arrangements";
import { DisputeError, flagDisputesPastSla, openDispute, resolveDispute } from "../services/disputes/disputes";
import { closeFollowUp, ReceivableActionError } from "../services/ledger/receivableDetail";
import { PauseError } from "../services/followUp/pauseReminders";
import { writeCamt053 } from "../adapters/bank/camt053Writer";
import { importStatementFile } from "../services/payments/statementImport";
import { DEMO_ACCOUNT_IBAN } from "./demoStatement";
import type { HistoryEvent } from "./demoHistory";
import type { ScreeningProviders } from "../domain/screening/screening";
import { runScreening } from "../services/customers/screeningPasses";
import type { RenewalShop } from "../services/renewals/recoveryPlan";
import { playRenewalEvent } from "./demoRenewals";

export interface ReplayDeps {
  mailer: Mailer;
  appUrl: string;
  secret: string;
  customerPageUrl?: (receivable: { id: string; shopId: string; customerId: string | null }, now: Date) => string | null;
  /** the screening providers as they answer on a morning (the worker screens new business customers and monitors the screened) */
  screening?: (at: Date) => ScreeningProviders;
}

export interface ReplaySummary {
  days: number;
  emails: number;
  tasks: number;
  promises: number;
  disputes: number;
  arrangements: number;
  handOvers: number;
  /** bank statements imported, and their transfers the matcher could not apply by itself */
  statements: number;
  transfersInReview: number;
  /** customer or staff steps the product refused (the order was paid or moved on meanwhile) */
  refused: number;
  /** business customers screened (at their first credit sale, and again on the shop's schedule) */
  screenings: number;
}

/** The worker's morning: 09:30 UTC, after the quiet night hours of a European shop. */
const MORNING_MS = 9.5 * 3_600_000;

type LedgerEvent = Extract<HistoryEvent, { kind: "order" | "payment" | "cancel" }>;
type Transfer = Extract<HistoryEvent, { kind: "transfer" }>;
type Renewal = Extract<HistoryEvent, { kind: "renewal" }>;
const isLedger = (event: HistoryEvent): event is LedgerEvent => event.kind === "order" || event.kind === "payment" || event.kind === "cancel";

export async function replayHistory(db: Db, shop: RenewalShop, events: readonly HistoryEvent[], now: Date, deps: ReplayDeps): Promise<ReplaySummary> {
  const summary: ReplaySummary = { days: 0, emails: 0, tasks: 0, promises: 0, disputes: 0, arrangements: 0, handOvers: 0, statements: 0, transfersInReview: 0, refused: 0, screenings: 0 };
  if (events.length === 0) return summary;
  let next = 0;
  for (let day = Math.floor(events[0].at / DAY_MS) * DAY_MS; day <= now.getTime(); day += DAY_MS) {
    const morning = new Date(day + MORNING_MS);
    const end = Math.min(day + DAY_MS, now.getTime() + 1);
    const until = (time: number) => {
      const happened: HistoryEvent[] = [];
      while (next < events.length && events[next].at < time) happened.push(events[next++]);
      return happened;
    };
    // the night's payments are in before the morning run; today's morning run is the seed's own catch-up
    await playDay(db, shop, until(Math.min(morning.getTime(), end)), deps, summary);
    if (morning < now) await workerMorning(db, shop, morning, deps, summary);
    await playDay(db, shop, until(end), deps, summary);
    summary.days += 1;
  }
  return summary;
}

async function workerMorning(db: Db, shop: ShopRef, at: Date, deps: ReplayDeps, summary: ReplaySummary) {
  const tick = await runSchedulerTick(db, {
    clock: () => at, mailer: deps.mailer, customerPageUrl: deps.customerPageUrl && ((receivable) => deps.customerPageUrl!(receivable, at)),
  });
  summary.emails += tick.sent;
  summary.tasks += tick.tasks;
  await runPromiseTick(db, at);
  await runArrangementTick(db, deps, at);
  await flagDisputesPastSla(db, at);
  if (deps.screening) {
    const settings = await db.shop.findUniqueOrThrow({ where: { id: shop.id }, select: { id: true, screeningIntervalDays: true, screeningScoreDrop: true } });
    summary.screenings += (await runScreening(db, settings, deps.screening(at), at)).screened;
  }
}

/** The day's events in order: webhooks in batches, the morning's bank statement at once, each customer or staff step at its own time. */
async function playDay(db: Db, shop: RenewalShop, events: readonly HistoryEvent[], deps: ReplayDeps, summary: ReplaySummary) {
  let batch: LedgerEvent[] = [];
  let statement: Transfer[] = [];
  const flush = async () => {
    await applyWebhooks(db, shop, batch);
    await importStatement(db, shop, statement, summary);
    batch = [];
    statement = [];
  };
  for (const event of events) {
    if (isLedger(event)) batch.push(event);
    else if (event.kind === "transfer") statement.push(event);
    else if (event.kind === "renewal") {
      await flush();
      await playRenewalEvent(db, shop, event);
    } else {
      await flush();
      await act(db, shop, event, deps, summary);
    }
  }
  await flush();
}

/** The bank's statement of yesterday, imported as the bank screen imports a file: read, stored, matched. */
async function importStatement(db: Db, shop: ShopRef, transfers: readonly Transfer[], summary: ReplaySummary) {
  if (transfers.length === 0) return;
  const at = new Date(transfers[0].at);
  const xml = writeCamt053({
    statementId: `HIST-${at.toISOString().slice(0, 10)}`, accountIban: DEMO_ACCOUNT_IBAN, currency: shop.currency, createdAt: at,
    entries: transfers.map((t) => ({
      ref: t.ref, currency: shop.currency, direction: "credit", bookedOn: new Date(t.bookedOn), amountMinor: t.amountMinor,
      counterpartyName: t.payerName, counterpartyIban: t.payerIban, remittance: t.remittance || undefined, structuredReference: t.structuredReference ?? undefined,
    })),
  });
  const result = await importStatementFile(db, shop, xml, `statement-${at.toISOString().slice(0, 10)}.xml`, at, false);
  summary.statements += 1;
  summary.transfersInReview += result.review + result.unmatched;
}

async function applyWebhooks(db: Db, shop: ShopRef, events: readonly LedgerEvent[]) {
  if (events.length === 0) return;
  const orders: OrderUpdate[] = events.map((e) => ({
    snapshot: orderSnapshotFromPayload(e.order), customer: customerFromPayload(e.order.customer, e.order.customer_locale as string),
  }));
  const facts: FactUpdate[] = events.flatMap((e) => (e.kind === "payment" ? [{ fact: paymentFactFromTransaction(e.transaction)! }] : []));
  await applyLedgerBatch(db, shop, orders, facts);
}

async function act(db: Db, shop: ShopRef, event: Exclude<HistoryEvent, LedgerEvent | Transfer | Renewal>, deps: ReplayDeps, summary: ReplaySummary) {
  const at = new Date(event.at);
  const receivable = await db.receivable.findUnique({ where: { shopId_orderGid: { shopId: shop.id, orderGid: event.orderGid } } });
  if (!receivable || receivable.status !== "open") return void (summary.refused += 1);
  try {
    switch (event.kind) {
      case "promise":
        await makePromise(db, { shopId: shop.id, receivableId: receivable.id, source: "customer", promisedFor: new Date(event.promisedFor) }, at);
        summary.promises += 1;
        break;
      case "dispute":
        await openDispute(db, deps, { shopId: shop.id, receivableId: receivable.id, source: "customer", reason: event.reason, message: event.message }, at);
        summary.disputes += 1;
        break;
      case "resolve": {
        const dispute = await db.dispute.findFirst({ where: { shopId: shop.id, receivableId: receivable.id, status: "open" } });
        if (dispute) await resolveDispute(db, { shopId: shop.id, disputeId: dispute.id, resolution: "rejected", note: "Checked with the warehouse: the invoice is correct.", staff: "Sanne" }, at);
        break;
      }
      case "arrangement": {
        const arrangement = await proposeArrangement(db, deps, {
          shopId: shop.id, receivableId: receivable.id, source: "customer", instalments: event.instalments, intervalDays: event.intervalDays, firstDueAt: new Date(event.firstDueAt),
        }, at);
        // a proposal outside the shop's rules waits for staff, who agree within the hour
        if (arrangement.status === "pending_approval") await decideArrangement(db, deps, { shopId: shop.id, arrangementId: arrangement.id, approve: true }, new Date(event.at + 3_600_000));
        summary.arrangements += 1;
        break;
      }
      case "handOver":
        await closeFollowUp(db, shop.id, receivable.id, "handed_over", "Handed over to the collection agency after the final notice.", at);
        summary.handOvers += 1;
        break;
    }
  } catch (error) {
    const refused = [PromiseError, DisputeError, ArrangementError, WorkflowError, ReceivableActionError, PauseError].some((kind) => error instanceof kind);
    if (!refused) throw error;
    summary.refused += 1;
  }
}
