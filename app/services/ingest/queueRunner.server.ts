/**
 * The background work: applies stored webhook deliveries as soon as they are stored, sweeps for
 * leftovers (a crash, a retry) every few seconds, ticks the reminder scheduler every minute, and
 * runs backfills. It runs in a worker process (runWorker): the one `npm start` forks beside its
 * web process (server/worker.mjs), or as many as `npm run worker` starts (with DUNLY_WORKER=off on
 * the web processes). A web process never applies deliveries itself, so its event loop only answers.
 */
import db from "../../db.server";
import { adminFor, adminForDeliveries, adminForShop } from "../../adapters/shopify/adminAccess.server";
import { clock } from "../../clock.server";
import { drainQueue } from "./webhookQueue";
import { BurstGate } from "./burstGate";
import { backfillShop } from "./backfill";
import { runSchedulerTick } from "../followUp/runScheduler";
import { runRenewalRecovery } from "../renewals/renewalRecovery";
import { mailerFromEnv } from "../../adapters/email/mailer";
import { smsProviderFromEnv, whatsAppProviderFromEnv } from "../../adapters/sms/provider";
import { customerPageUrl } from "../customers/customerLinks";
import { runArrangementTick } from "../arrangements/arrangements";
import { runPromiseTick } from "../customers/promises";
import { flagDisputesPastSla } from "../disputes/disputes";
import { pushCreditStatuses } from "../customers/creditStatus";
import { sendAlertDigests } from "../insight/alertDigest";
import { refreshLargeDashboards } from "../insight/dashboardSnapshot";
import { refreshPredictions } from "../insight/latePrediction";
import { screenAllShops } from "../customers/screeningPasses";
import type { NoticeDeps } from "../followUp/customerNotices";
import { matchPendingStatements, writeBackAllShops } from "../payments/paymentsDesk.server";
import { scanStatementInbox } from "../payments/statementInbox.server";
import type { HandlerContext } from "./handleDelivery";
import { recordNewlyOverdue } from "../automation/flowEvents";
import { sendFlowEvents } from "../automation/flowEventSender";

const SWEEP_MS = 10_000;
/** Only a worker process (runWorker) works; a web process tells its worker about new work. */
let works = false;
/** DUNLY_SCHEDULER=off: this process applies webhooks but sends nothing on its own (tests tick with their own clock). */
const schedules = process.env.DUNLY_SCHEDULER !== "off";
let sweeper: NodeJS.Timeout | null = null;
let wakeWorker: (() => void) | null = null;
/** a kick that came while the worker was busy: it goes round once more instead of sleeping */
let kicked = false;
/** a drain lets a burst of arrivals pass first (burstGate.ts) */
const burst = new BurstGate({ quietMs: 50, maxWaitMs: 2_000, now: () => performance.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) });
let tellWorker: (() => void) | null = null;

/**
 * What /healthz shows of the worker: when its queue pass and scheduler tick last succeeded. In a
 * web process these are what its worker process last reported (workerReported).
 */
export const workerHeartbeat = { works: () => works || tellWorker !== null, lastDrainOkAt: null as Date | null, lastTickOkAt: null as Date | null };

const context: HandlerContext = { clock, adminFor: adminForDeliveries };

/** New work is stored: the worker loop goes round at once instead of at its next poll. */
export function kickQueue(): void {
  if (!works) return void tellWorker?.();
  kicked = true;
  burst.arrived();
  wakeWorker?.();
}

/** A web process that started a worker process: how to tell it about new work. */
export function onQueueKick(tell: () => void): void {
  tellWorker = tell;
}

/** A web process hears its worker's heartbeat (server/worker.mjs sends it over IPC). */
export function workerReported(beat: { lastDrainOkAt: string | null; lastTickOkAt: string | null }): void {
  workerHeartbeat.lastDrainOkAt = beat.lastDrainOkAt ? new Date(beat.lastDrainOkAt) : null;
  workerHeartbeat.lastTickOkAt = beat.lastTickOkAt ? new Date(beat.lastTickOkAt) : null;
}

function startSweeper(): void {
  if (sweeper) return;
  sweeper = setInterval(() => {
    kickQueue();
    void reconcileDueShops();
    void scanStatementInbox(clock()).catch((error) => console.error("statement inbox:", error));
    void matchLargeStatements();
    if (schedules) void sendFlowTriggers();
    if (schedules) void tickScheduler();
    if (schedules) void screenCustomers();
  }, SWEEP_MS);
  sweeper.unref();
}

let matching = false;

/** Large statements are matched here, a batch per sweep, one pass at a time. */
async function matchLargeStatements(): Promise<void> {
  if (matching) return;
  matching = true;
  try {
    await matchPendingStatements(clock());
  } catch (error) {
    console.error("statement matching:", error);
  } finally {
    matching = false;
  }
}

let sendingFlow = false;
/** Due dates pass by the minute at most: the overdue scan need not run every sweep (process time, not the business clock). */
const OVERDUE_SCAN_EVERY_MS = 60_000;
let lastOverdueScan = Number.NEGATIVE_INFINITY;

/** Queued Shopify Flow triggers go out within a sweep of their event, one pass at a time. */
async function sendFlowTriggers(): Promise<void> {
  if (sendingFlow) return;
  sendingFlow = true;
  try {
    if (performance.now() - lastOverdueScan >= OVERDUE_SCAN_EVERY_MS) {
      lastOverdueScan = performance.now();
      await recordNewlyOverdue(db, clock());
    }
    await sendFlowEvents(db, adminForDeliveries, clock());
  } catch (error) {
    console.error("flow triggers:", error);
  } finally {
    sendingFlow = false;
  }
}

const SCHEDULER_EVERY_MS = 60_000;
let screening = false;
let lastScreening = Number.NEGATIVE_INFINITY;

/** Screening and monitoring, once a minute on its own: a slow VIES or bureau never holds up the reminders. */
async function screenCustomers(): Promise<void> {
  if (screening || performance.now() - lastScreening < SCHEDULER_EVERY_MS) return;
  screening = true;
  lastScreening = performance.now();
  try {
    await screenAllShops(db, clock(), adminForShop);
  } catch (error) {
    console.error("screening:", error);
  } finally {
    screening = false;
  }
}

/** The pay-later gate's metafields, for every installed shop the app can reach. */
async function pushAllCreditStatuses(): Promise<void> {
  for (const shop of await db.shop.findMany({ where: { isDemo: false, uninstalledAt: null }, select: { id: true, domain: true } })) {
    const admin = await adminFor(shop.domain);
    if (!admin) continue;
    await pushCreditStatuses(db, shop.id, admin, clock()).catch((error) => console.error(`credit status ${shop.domain}:`, error));
  }
}

/** What customer notices need: the mailer, and the app's address and secret for customer-page links. */
export function noticeDeps(): NoticeDeps {
  return {
    mailer: mailerFromEnv(),
    appUrl: process.env.SHOPIFY_APP_URL || `http://localhost:${process.env.PORT || 3000}`,
    secret: process.env.SHOPIFY_API_SECRET ?? "",
  };
}
let lastTick = 0;
let ticking = false;

/** The reminder scheduler, once a minute; several processes may tick at once (claims are atomic). */
async function tickScheduler(): Promise<void> {
  if (ticking || Date.now() - lastTick < SCHEDULER_EVERY_MS) return;
  ticking = true;
  lastTick = Date.now();
  try {
    const deps = noticeDeps();
    const result = await runSchedulerTick(db, {
      clock, mailer: deps.mailer, sms: smsProviderFromEnv(), whatsapp: whatsAppProviderFromEnv(),
      adminOf: adminForShop,
      customerPageUrl: (receivable) => customerPageUrl(deps.appUrl, deps.secret, receivable, clock()),
    });
    const arrangements = await runArrangementTick(db, deps, clock());
    const renewals = await runRenewalRecovery(db, adminForShop, clock());
    const promises = await runPromiseTick(db, clock());
    const lateDisputes = await flagDisputesPastSla(db, clock());
    await pushAllCreditStatuses();
    await writeBackAllShops(clock());
    await sendAlertDigests(db, deps.mailer, clock());
    await refreshLargeDashboards(db, clock());
    await refreshPredictions(db, clock());
    workerHeartbeat.lastTickOkAt = clock();
    if (result.sent + result.tasks + result.failed + arrangements.broken + arrangements.reminded + lateDisputes + renewals.retried + renewals.ended > 0) {
      console.info("follow-up:", JSON.stringify({ ...result, ...arrangements, lateDisputes, promises, renewals }));
    }
  } catch (error) {
    console.error("scheduler:", error);
  } finally {
    ticking = false;
  }
}

const RECONCILE_EVERY_MS = 24 * 60 * 60_000;
let lastReconcileCheck = 0;

/** The nightly pass: each installed shop is reconciled with Shopify once a day. */
async function reconcileDueShops(): Promise<void> {
  const now = clock();
  if (now.getTime() - lastReconcileCheck < 60 * 60_000) return;
  lastReconcileCheck = now.getTime();
  const due = await db.shop.findMany({
    where: {
      isDemo: false, uninstalledAt: null,
      OR: [{ backfilledAt: null }, { backfilledAt: { lt: new Date(now.getTime() - RECONCILE_EVERY_MS) } }],
    },
    select: { domain: true },
  });
  for (const { domain } of due) startBackfill(domain);
}

export function startBackfill(domain: string): void {
  void (async () => {
    const shop = await db.shop.findUnique({ where: { domain } });
      const admin = await adminFor(domain);
    if (!shop || !admin) return;
    const result = await backfillShop(db, shop, admin, { now: clock() });
    console.info(`backfill ${domain}: ${result.orders} open orders in ${result.pages} pages`);
  })().catch((error) => console.error(`backfill ${domain}:`, error));
}

const IDLE_POLL_MS = 500;
/**
 * A worker process: polls the queue (at once while there is work, or when kicked), and runs the
 * scheduler and the nightly reconciliation. Stops when `stopped` resolves, after the delivery in hand.
 */
export async function runWorker(stopped: Promise<void>): Promise<void> {
  works = true;
  startSweeper();
  let stopping = false;
  void stopped.then(() => (stopping = true));
  while (!stopping) {
    const letBurst = burst.forDrain(() => stopping);
    await letBurst();
    kicked = false;
    const applied = await drainQueue(db, context, undefined, () => stopping, letBurst).then((n) => {
      workerHeartbeat.lastDrainOkAt = clock();
      return n;
    }, (error) => {
      console.error("webhook queue:", error);
      return 0;
    });
    if (applied === 0 && !stopping && !kicked) {
      await Promise.race([stopped, new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, IDLE_POLL_MS);
        wakeWorker = () => {
          clearTimeout(timer);
          resolve();
        };
      })]);
      wakeWorker = null;
    }
  }
  if (sweeper) clearInterval(sweeper);
}
