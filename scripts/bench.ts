/**
 * npm run bench: measures, on this machine, through the real stack:
 *  - webhook ingest: signed orders/create requests over HTTP to the built app (requests/s, p50/p99),
 *    and how fast the queue applies them to the ledger;
 *  - dashboard and receivables-list queries on a book of 100,000 receivables;
 *  - the scheduler: a tick planning every open receivable of a 100,000 and a 1,000,000 book, and
 *    a tick sending 2,000 due reminders;
 *  - bank statement import and matching: a 10,000-entry CAMT.053 against a 100,000-receivable book,
 *    beside a baseline (the same entries stored with one bare insert per 500 rows);
 *  - peak memory of this process and the app server.
 * BENCH_POSTGRES_URL (a server URL) runs the book benchmarks on PostgreSQL instead of SQLite.
 * Prints a table and writes bench-results/<date>.json so runs can be compared.
 */
import { execFileSync, spawn } from "node:child_process";
import os from "node:os";
import { mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { createDb } from "../app/db/client";
import { listReceivables } from "../app/services/insight/dashboard";
import { dashboardFor, refreshDashboard } from "../app/services/insight/dashboardSnapshot";
import { freePort, freshDatabaseUrl, startAppServer, startWorkerProcess, TEST_API_SECRET } from "../test/support/appServer";
import { newOrderId, orderPayload } from "../test/support/orders";
import { runSchedulerTick } from "../app/services/followUp/runScheduler";
import { outboxMailer } from "../app/adapters/email/mailer";
import { writeCamt053, type CamtEntry } from "../app/adapters/bank/camt053Writer";
import { readStatementFile } from "../app/adapters/bank/readStatement";
import { importStatementFile, matchPendingEntries } from "../app/services/payments/statementImport";
import { ibanWithCheckDigits, orderPaymentReference } from "../app/domain/paymentReference";
import { encodeSnapshot } from "../app/services/ledger/snapshotCodec";
import { asCurrency } from "../app/domain/money";
import type { FlowStep } from "../app/domain/flows";
import { requestReplan } from "../app/services/followUp/replan";
import { selectRows } from "../app/db/directRows";
import { setDateTimeIfUnchanged } from "../app/db/dialect";

const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 2000);
const CONCURRENCY = 16;
const BOOK = Number(process.env.BENCH_RECEIVABLES ?? 100_000);
const LARGE_BOOK = Number(process.env.BENCH_LARGE_RECEIVABLES ?? 1_000_000);
const POSTGRES = process.env.BENCH_POSTGRES_URL;
const bookDatabase = (name: string) => (POSTGRES ? freshDatabaseUrl(name, "postgresql", POSTGRES) : freshDatabaseUrl(name));
const DUE_NOW = Number(process.env.BENCH_DUE_NOW ?? 2_000);
const STATEMENT_ENTRIES = Number(process.env.BENCH_STATEMENT_ENTRIES ?? 10_000);
const SHOP = "dunly-bench.myshopify.com";
const now = new Date("2026-11-23T12:00:00Z");

const ratio = (value: number, baseline: number) => `${Math.round((value / baseline) * 100) / 100}x`;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (n: number) => Math.round(n * 10) / 10;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

interface LoadResult { requestsPerSecond: number; p50Ms: number; p99Ms: number; ms: number }

/**
 * Requests sent before each measurement and not counted: the client (this process's fetch) and
 * the server are compiled and warm for every figure alike, whichever is measured first.
 */
const WARM_UP = 300;

/**
 * `requests` calls, CONCURRENCY at a time, after WARM_UP calls (`call(requests + i)`) not counted
 * and `settled` (what the warm-up set going has finished): throughput and latency percentiles.
 */
async function load(requests: number, call: (i: number) => Promise<Response>, expectStatus: number, settled: () => Promise<void> = async () => undefined): Promise<LoadResult> {
  await sendAll(WARM_UP, (i) => call(requests + i), expectStatus);
  await settled();
  const latencies: number[] = [];
  const [, ms] = await timed(() => sendAll(requests, call, expectStatus, latencies));
  latencies.sort((a, b) => a - b);
  return { requestsPerSecond: round(requests / (ms / 1000)), p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)), ms };
}

/** `requests` calls, CONCURRENCY at a time; each call's time goes into `latencies` when given. */
async function sendAll(requests: number, call: (i: number) => Promise<Response>, expectStatus: number, latencies?: number[]): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < requests) {
      const start = performance.now();
      const response = await call(next++);
      if (response.status !== expectStatus) throw new Error(`answered ${response.status}, expected ${expectStatus}`);
      await response.arrayBuffer();
      latencies?.push(performance.now() - start);
    }
  }));
}

const signedWebhook = (baseUrl: string, body: string) => fetch(`${baseUrl}/webhooks`, {
  method: "POST", body,
  headers: { "Content-Type": "application/json", "X-Shopify-Topic": "orders/create", "X-Shopify-Shop-Domain": SHOP,
    "X-Shopify-Hmac-Sha256": getHmac(body, TEST_API_SECRET), "X-Shopify-Webhook-Id": crypto.randomUUID(), "X-Shopify-API-Version": "2025-10" },
});

/**
 * Baselines measured in the same run, on the same database kind: (a) a bare node:http server that
 * checks the HMAC and inserts one row (scripts/benchBareServer.mjs), (b) a trivial route of the
 * app's own server (GET /webhooks, answered 405 without touching the database).
 */
async function benchBaselines() {
  const databaseUrl = bookDatabase("bench-bare");
  const port = await freePort();
  const bare = spawn("node", ["scripts/benchBareServer.mjs"], { env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), SHOPIFY_API_SECRET: TEST_API_SECRET }, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve) => bare.stdout!.once("data", () => resolve()));
  const bodies = Array.from({ length: WEBHOOKS + WARM_UP }, () => orderPayload({ id: newOrderId(), total: "120.00", outstanding: "120.00", financialStatus: "pending", updatedAt: now }));
  const bareServer = await load(WEBHOOKS, (i) => signedWebhook(`http://127.0.0.1:${port}`, bodies[i]), 200);
  bare.kill();
  const appDatabaseUrl = bookDatabase("bench-trivial");
  const server = await startAppServer({}, appDatabaseUrl);
  const trivialRoute = await load(WEBHOOKS, () => fetch(`${server.baseUrl}/webhooks`), 405);
  await server.stop();
  return { bareServer, trivialRoute };
}

/**
 * Signed orders/create requests, CONCURRENCY at a time. "inline": `npm start` as deployed (the web
 * process and the worker process it starts); "split": a web process with DUNLY_WORKER=off answers,
 * a worker process (`npm run worker`) applies.
 */
async function benchIngest(shape: "inline" | "split") {
  const databaseUrl = bookDatabase(`bench-ingest-${shape}`);
  const db = createDb(databaseUrl);
  await db.shop.create({ data: { domain: SHOP, name: "Bench", currency: "EUR", installedAt: now } });
  const server = await startAppServer(shape === "split" ? { DUNLY_WORKER: "off" } : {}, databaseUrl);
  const worker = shape === "split" ? startWorkerProcess(databaseUrl) : null;
  const bodies = Array.from({ length: WEBHOOKS + WARM_UP }, (_, i) => orderPayload({
    id: newOrderId(), total: "120.00", outstanding: "120.00", financialStatus: "pending",
    updatedAt: new Date(now.getTime() - i * 60_000),
  }));
  const applied = (count: number) => async () => {
    while ((await db.receivable.count()) < count) await new Promise((r) => setTimeout(r, 50));
  };
  // the warm-up applied before the measurement, so the worker is not still busy with it
  const answered = await load(WEBHOOKS, (i) => signedWebhook(server.baseUrl, bodies[i]), 200, applied(WARM_UP));
  const [, drainMs] = await timed(applied(WEBHOOKS + WARM_UP));
  const serverRssMb = serverRss(server.pid);
  const workerRssMb = serverRss(worker?.pid ?? childWorkerPid(server.pid));
  await worker?.stop();
  await server.stop();
  await db.$disconnect();
  return {
    shape, webhooks: WEBHOOKS, concurrency: CONCURRENCY,
    requestsPerSecond: answered.requestsPerSecond, p50Ms: answered.p50Ms, p99Ms: answered.p99Ms,
    appliedPerSecond: round(WEBHOOKS / ((answered.ms + drainMs) / 1000)),
    serverRssMb, workerRssMb,
  };
}

/** The worker process npm start forked beside the web process. */
function childWorkerPid(parent: number | undefined): number | undefined {
  if (!parent) return undefined;
  try {
    return Number(execFileSync("pgrep", ["-P", String(parent), "-f", "server/worker.mjs"], { encoding: "utf8" }).trim().split("\n")[0]) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * How fast one worker applies: WEBHOOKS orders/create stored first by a web process alone, then
 * one worker process started; timed from its first applied delivery to the last.
 */
async function benchDrain() {
  const databaseUrl = bookDatabase("bench-drain");
  const db = createDb(databaseUrl);
  await db.shop.create({ data: { domain: SHOP, name: "Bench", currency: "EUR", installedAt: now } });
  const server = await startAppServer({ DUNLY_WORKER: "off" }, databaseUrl);
  await sendAll(WEBHOOKS, (i) => signedWebhook(server.baseUrl,
    orderPayload({ id: newOrderId(), total: "120.00", outstanding: "120.00", financialStatus: "pending", updatedAt: new Date(now.getTime() - i * 60_000) })), 200);
  await server.stop();
  const worker = startWorkerProcess(databaseUrl);
  let first = 0;
  while ((first = await db.receivable.count()) === 0) await new Promise((r) => setTimeout(r, 20));
  const [, ms] = await timed(async () => {
    while ((await db.receivable.count()) < WEBHOOKS) await new Promise((r) => setTimeout(r, 20));
  });
  await worker.stop();
  await db.$disconnect();
  return { deliveries: WEBHOOKS - first, appliedPerSecond: round((WEBHOOKS - first) / (ms / 1000)) };
}

function serverRss(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return null;
  }
}

async function seedBook(db: ReturnType<typeof createDb>, shopId: string, size: number): Promise<number> {
  const [, seedMs] = await timed(async () => {
    for (let start = 0; start < size; start += 5000) {
      await db.receivable.createMany({
        data: Array.from({ length: Math.min(5000, size - start) }, (_, k) => {
          const i = start + k;
          const issuedAt = new Date(now.getTime() - (i % 200) * 86_400_000 - (i % 86_400) * 1000);
          const total = 1000 + (i % 9000);
          const outstanding = i % 7 === 0 ? 0 : total;
          // the order as Shopify last showed it: what the ledger recomputes from when a payment comes in
          const snapshot = encodeSnapshot({
            orderGid: `gid://shopify/Order/${1_000_000 + i}`, orderName: `#${i}`, currency: asCurrency("EUR"), issuedAt, updatedAt: issuedAt,
            totalMinor: total, outstandingMinor: outstanding, financialStatus: outstanding ? "pending" : "paid", cancelledAt: null,
            paymentTerms: null, customerGid: null, paymentUrl: null, test: false,
          });
          return {
            shopId, orderGid: `gid://shopify/Order/${1_000_000 + i}`, orderName: `#${i}`, currency: "EUR",
            totalMinor: BigInt(1000 + (i % 9000)), outstandingMinor: BigInt(i % 7 === 0 ? 0 : 1000 + (i % 9000)),
            issuedAt, dueAt: new Date(issuedAt.getTime() + 14 * 86_400_000), status: i % 7 === 0 ? "paid" : "open",
            paidAt: i % 7 === 0 ? new Date(issuedAt.getTime() + 10 * 86_400_000) : null,
            creditSale: true, financialStatus: "pending", snapshotUpdatedAt: issuedAt, snapshot,
          };
        }),
      });
    }
  });
  return Math.round(seedMs);
}

async function benchQueries() {
  const db = createDb(bookDatabase("bench-book"));
  const shop = await db.shop.create({ data: { domain: SHOP, name: "Bench", currency: "EUR", installedAt: now } });
  const seedMs = await seedBook(db, shop.id, BOOK);
  const result = { receivables: BOOK, seedMs, ...await benchScreens(db, shop) };
  const scheduler = await benchScheduler(db, shop.id);
  await db.$disconnect();
  return { ...result, scheduler };
}

/** Median of five runs, in ms. */
async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) times.push((await timed(fn))[1]);
  return round(times.sort((a, b) => a - b)[2]);
}

/**
 * The dashboard as the merchant opens it (dashboardFor: live on a small book, the worker's summary
 * on a large one, refreshed once first as the worker would), the summary's own computation, and
 * the overdue list's first page and a page 500 pages deep (keyset: the cursor of the row before it).
 * Baseline in the same run: the bare count of the overdue rows the list filters on.
 */
async function benchScreens(db: ReturnType<typeof createDb>, shop: { id: string; currency: string }) {
  const [, summaryMs] = await timed(() => refreshDashboard(db, shop, now));
  const overdue = { filter: "overdue" as const, pageSize: 50 };
  const beforeDeep = await db.receivable.findFirst({
    where: { shopId: shop.id, creditSale: true, status: "open", dueAt: { lt: now } }, orderBy: [{ dueAt: "asc" }, { id: "asc" }], skip: 500 * 50 - 1,
  });
  const cursor = beforeDeep ? { direction: "after" as const, value: beforeDeep.dueAt, id: beforeDeep.id } : null;
  return {
    dashboardMedianMs: await median(() => dashboardFor(db, shop, now)),
    dashboardComputeMs: Math.round(summaryMs),
    overdueListFirstPageMedianMs: await median(() => listReceivables(db, shop.id, now, overdue)),
    overdueListPage500MedianMs: await median(() => listReceivables(db, shop.id, now, { ...overdue, cursor })),
    baselineOverdueCountMedianMs: await median(() => db.$queryRaw`SELECT count(*) FROM "Receivable" WHERE "shopId" = ${shop.id} AND "status" = 'open' AND "dueAt" < ${now}`),
  };
}

/** The planning tick and the screens, on a book of LARGE_BOOK receivables. */
async function benchLargeBook() {
  const db = createDb(bookDatabase("bench-large-book"));
  const shop = await db.shop.create({ data: { domain: SHOP, name: "Bench", currency: "EUR", installedAt: now } });
  const seedMs = await seedBook(db, shop.id, LARGE_BOOK);
  const screens = await benchScreens(db, shop);
  const plan = await benchPlanning(db, shop.id);
  await db.$disconnect();
  return { receivables: LARGE_BOOK, seedMs, ...screens, ...plan };
}

/**
 * Planning the whole book three ways: a tick with every open receivable due (each gets a new date:
 * bound by the writes), and the walk after a flow edit that moves no receivable's date (reminder 2
 * later: the book waits for its pre-due reminder) and one that moves every date (the pre-due
 * reminder a day earlier). Baseline in the same run: the database work alone (planningBaseline).
 */
async function benchPlanning(db: ReturnType<typeof createDb>, shopId: string) {
  const open = { shopId, status: "open" };
  await db.receivable.updateMany({ where: open, data: { dueAt: new Date(now.getTime() + 30 * 86_400_000), nextActionAt: new Date(now.getTime() - 1000) } });
  const openCount = await db.receivable.count({ where: open });
  const baseline = await planningBaseline(db, openCount);
  const rssBefore = process.memoryUsage().rss;
  const [planned, planMs] = await timed(() => runSchedulerTick(db, { clock: () => now, mailer: outboxMailer }));
  if (planned.planned !== openCount) throw new Error(`planned ${planned.planned} of ${openCount}`);
  const rssGrowthMb = round((process.memoryUsage().rss - rssBefore) / 1024 / 1024);
  const unmoved = await replanAfterEdit(db, shopId, openCount, (step) => (step.key === "reminder_2" ? { ...step, offsetDays: step.offsetDays + 2 } : step));
  const allMoved = await replanAfterEdit(db, shopId, openCount, (step) => (step.key === "pre_due" ? { ...step, offsetDays: step.offsetDays - 1 } : step));
  if (unmoved.datesMoved !== 0 || allMoved.datesMoved !== openCount) throw new Error(`re-plans moved ${unmoved.datesMoved} and ${allMoved.datesMoved} dates, not 0 and ${openCount}`);
  return {
    openReceivables: openCount, planAllMs: Math.round(planMs), plannedPerSecond: round(planned.planned / (planMs / 1000)), rssGrowthMb,
    ...baseline, planRatioToBaseline: Math.round((baseline.baselineMs / planMs) * 100) / 100,
    replanNoneMovedMs: unmoved.ms, replanNoneMovedPerSecond: unmoved.perSecond, replanNoneMovedDates: unmoved.datesMoved,
    replanAllMovedMs: allMoved.ms, replanAllMovedPerSecond: allMoved.perSecond, replanAllMovedDates: allMoved.datesMoved,
  };
}

/**
 * The least database work a plan of every due row needs, on the same book: each row read (id and
 * updatedAt, 500 a page in the due index's order, straight from the driver) and one date written
 * per row with the scheduler's own guarded UPDATE per page. The rows stay due (a second earlier).
 */
async function planningBaseline(db: ReturnType<typeof createDb>, openCount: number) {
  const earlier = new Date(now.getTime() - 2000);
  let after: { id: string; nextActionAt: Date } | null = null;
  let rows = 0;
  const [, baselineMs] = await timed(async () => {
    for (;;) {
      const page = (await selectRows(db, { id: "text", updatedAt: "timestamp", nextActionAt: "timestamp" }, `"Receivable" t`,
        `t."status" = 'open' AND t."creditSale" = ? AND t."nextActionAt" <= ?${after ? ` AND (t."nextActionAt", t."id") > (?, ?)` : ""} ORDER BY t."nextActionAt", t."id" LIMIT 500`,
        [true, now, ...(after ? [after.nextActionAt, after.id] : [])], { inIndexOrder: true }))!;
      // moved behind the cursor, so no page reads a row twice
      rows += await setDateTimeIfUnchanged(db, "Receivable", "nextActionAt", page.map((r) => ({ id: r.id!, value: earlier, readUpdatedAt: r.updatedAt! })));
      if (page.length < 500) break;
      after = { id: page[page.length - 1].id!, nextActionAt: page[page.length - 1].nextActionAt! };
    }
  });
  if (rows !== openCount) throw new Error(`baseline wrote ${rows} of ${openCount}`);
  return { baselineMs: Math.round(baselineMs), baselinePerSecond: round(rows / (baselineMs / 1000)) };
}

/** The default flow edited as the segment editor saves it, and the tick that walks the re-plan. */
async function replanAfterEdit(db: ReturnType<typeof createDb>, shopId: string, openCount: number, edit: (step: FlowStep) => FlowStep) {
  const segment = await db.segment.findFirstOrThrow({ where: { shopId, isDefault: true } });
  await db.segment.update({ where: { id: segment.id }, data: { steps: JSON.stringify((JSON.parse(segment.steps) as FlowStep[]).map(edit)) } });
  await requestReplan(db, shopId);
  const [tick, ms] = await timed(() => runSchedulerTick(db, { clock: () => now, mailer: outboxMailer }));
  if (tick.planned !== openCount) throw new Error(`re-planned ${tick.planned} of ${openCount}`);
  return { ms: Math.round(ms), perSecond: round(tick.planned / (ms / 1000)), datesMoved: tick.datesMoved };
}

/**
 * Planning the whole book, then a tick that sends: DUE_NOW receivables overdue today (pre-due
 * skipped, reminder 1 due), owned by customers with 1 to 20 open orders each, so each customer
 * gets one grouped email.
 */
async function benchScheduler(db: ReturnType<typeof createDb>, shopId: string) {
  const plan = await benchPlanning(db, shopId);
  const open = { shopId, status: "open" };
  const due = (await db.receivable.findMany({ where: open, select: { id: true }, take: DUE_NOW })).map((r) => r.id);
  let customers = 0;
  for (let i = 0; i < due.length; customers += 1) {
    const owned = due.slice(i, i + 1 + (customers % 20));
    i += owned.length;
    const customer = await db.customer.create({
      data: { shopId, gid: `gid://shopify/Customer/${customers + 1}`, email: `bench${customers}@example.nl`, firstName: "Bench", locale: "nl", countryCode: "NL" },
    });
    await db.receivable.updateMany({ where: { id: { in: owned } }, data: { dueAt: new Date(now.getTime() - 2 * 86_400_000), nextActionAt: now, customerId: customer.id } });
  }
  const [sent, sendMs] = await timed(() => runSchedulerTick(db, { clock: () => now, mailer: outboxMailer }));
  return {
    ...plan,
    dueNow: due.length, customers, sendTickMs: Math.round(sendMs), emailsRendered: sent.sent, stepsGrouped: sent.grouped,
    emailsPerSecond: round(sent.sent / (sendMs / 1000)), customersPerSecond: round(customers / (sendMs / 1000)),
    orderStepsPerSecond: round((sent.sent + sent.grouped) / (sendMs / 1000)),
  };
}

/**
 * A statement of STATEMENT_ENTRIES entries against the BOOK: 40% with our reference and the exact
 * amount, 20% with the order number and part of the amount, 20% an amount only, 10% unknown, 10%
 * outgoing. Timed: reading the file, and importing + matching + applying (no Shopify write-back).
 * Baseline in the same run: storing the same number of entries with bare batched inserts.
 */
async function benchStatementImport() {
  const db = createDb(bookDatabase("bench-statement"));
  const shop = await db.shop.create({ data: { domain: SHOP, name: "Bench", currency: "EUR", installedAt: now } });
  const seedMs = await seedBook(db, shop.id, BOOK);
  const open = await db.receivable.findMany({ where: { shopId: shop.id, status: "open" }, select: { orderName: true, outstandingMinor: true }, take: STATEMENT_ENTRIES });
  const entries: CamtEntry[] = Array.from({ length: STATEMENT_ENTRIES }, (_, i) => {
    const order = open[i % open.length];
    const base = { ref: `B${i}`, currency: "EUR", direction: "credit" as const, bookedOn: now, counterpartyName: `Payer ${i}`, counterpartyIban: null };
    const kind = i % 10;
    if (kind < 4) return { ...base, amountMinor: Number(order.outstandingMinor), structuredReference: orderPaymentReference(order.orderName, "rf")! };
    if (kind < 6) return { ...base, amountMinor: Math.floor(Number(order.outstandingMinor) / 2), remittance: `order ${order.orderName}` };
    if (kind < 8) return { ...base, amountMinor: Number(order.outstandingMinor), remittance: "betaling" };
    if (kind < 9) return { ...base, amountMinor: 123_456 + i, remittance: "huur" };
    return { ...base, direction: "debit" as const, amountMinor: 500 + i, remittance: "kosten" };
  });
  const xml = writeCamt053({ statementId: "BENCH-1", accountIban: ibanWithCheckDigits("NL", "RABO0123456789"), currency: "EUR", createdAt: now, entries });
  const [, parseMs] = await timed(async () => readStatementFile(xml));
  // a statement this large is matched by the worker after the upload: timed here as upload + every batch
  const [result, importMs] = await timed(async () => {
    const stored = await importStatementFile(db, shop, xml, "bench.xml", now, false);
    const counts = { matched: stored.matched, review: stored.review, unmatched: stored.unmatched, debits: stored.debits };
    for (let left = stored.pending; left > 0;) {
      const pass = await matchPendingEntries(db, shop, now, false);
      for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] += pass[key];
      left = pass.left;
    }
    return counts;
  });
  const baselineDb = createDb(bookDatabase("bench-statement-baseline"));
  const baselineShop = await baselineDb.shop.create({ data: { domain: SHOP, name: "Bench", currency: "EUR", installedAt: now } });
  const [, baselineMs] = await timed(async () => {
    for (let i = 0; i < STATEMENT_ENTRIES; i += 500) {
      await baselineDb.bankEntry.createMany({ data: entries.slice(i, i + 500).map((e) => ({
        shopId: baselineShop.id, statementId: "s", entryKey: e.ref, bookedOn: e.bookedOn, amountMinor: BigInt(e.amountMinor), currency: e.currency,
        direction: e.direction, status: "unmatched", importedAt: now,
      })) });
    }
  });
  await db.$disconnect();
  await baselineDb.$disconnect();
  return {
    entries: STATEMENT_ENTRIES, receivables: BOOK, seedMs, fileMb: round(xml.length / 1024 / 1024), parseMs: Math.round(parseMs),
    importMs: Math.round(importMs), entriesPerSecond: round(STATEMENT_ENTRIES / (importMs / 1000)),
    matched: result.matched, review: result.review, unmatched: result.unmatched, debits: result.debits,
    baselineInsertMs: Math.round(baselineMs), baselineEntriesPerSecond: round(STATEMENT_ENTRIES / (baselineMs / 1000)),
    ratioToBaseline: round(baselineMs / importMs * 100) / 100,
  };
}

/** BENCH_ONLY=ingest,queries,large,statement runs a part (e.g. while working on one of them). */
const only = process.env.BENCH_ONLY?.split(",");
const runs = (part: string) => !only || only.includes(part);
execFileSync("npm", ["run", "build"], { stdio: "ignore" });
const baselines = runs("ingest") ? await benchBaselines() : null;
const ingest = runs("ingest") ? await benchIngest("inline") : null;
const ingestSplit = runs("ingest") ? await benchIngest("split") : null;
const drain = runs("ingest") ? await benchDrain() : null;
const queries = runs("queries") ? await benchQueries() : null;
const largeBook = LARGE_BOOK > 0 && runs("large") ? await benchLargeBook() : null;
const statement = STATEMENT_ENTRIES > 0 && runs("statement") ? await benchStatementImport() : null;
const peakRssMb = round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) / 1024);
const results = {
  date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, database: POSTGRES ? "postgresql" : "sqlite",
  baselines, ingest, ingestSplit, drain, queries, largeBook, statement, benchPeakRssMb: peakRssMb,
};

const rows: [string, string][] = [
  ...(ingest && ingestSplit && baselines ? [
    ["baseline (a): bare node:http, HMAC + one insert", `${baselines.bareServer.requestsPerSecond} req/s, p50 ${baselines.bareServer.p50Ms} ms, p99 ${baselines.bareServer.p99Ms} ms`],
    ["baseline (b): the app's server, a trivial route", `${baselines.trivialRoute.requestsPerSecond} req/s, p50 ${baselines.trivialRoute.p50Ms} ms, p99 ${baselines.trivialRoute.p99Ms} ms`],
    ["webhook ingest (signed HTTP, 16 parallel)", `${ingest.requestsPerSecond} req/s, p50 ${ingest.p50Ms} ms, p99 ${ingest.p99Ms} ms; `
      + `${ratio(ingest.requestsPerSecond, baselines.bareServer.requestsPerSecond)} of (a), ${ratio(ingest.requestsPerSecond, baselines.trivialRoute.requestsPerSecond)} of (b)`],
    ["webhooks applied to the ledger while answering", `${ingest.appliedPerSecond} /s (${ingest.webhooks} orders)`],
    ["one worker draining a filled queue", `${drain!.appliedPerSecond} /s (${drain!.deliveries} orders); ${ratio(drain!.appliedPerSecond, baselines.bareServer.requestsPerSecond)} of (a)`],
    ["peak RSS: web process / worker process", `${ingest.serverRssMb} MB / ${ingest.workerRssMb} MB`],
    ["ingest, web process + worker process", `${ingestSplit.requestsPerSecond} req/s, p50 ${ingestSplit.p50Ms} ms, p99 ${ingestSplit.p99Ms} ms; applied ${ingestSplit.appliedPerSecond} /s; `
      + `${ratio(ingestSplit.requestsPerSecond, baselines.bareServer.requestsPerSecond)} of (a)`],
  ] as [string, string][] : []),
  ...(queries ? screenRows(BOOK, queries) : []),
  ...(queries ? [
    ...planningRows(queries.scheduler),
    [`scheduler tick: ${queries.scheduler.dueNow.toLocaleString("en")} due reminders of ${queries.scheduler.customers} customers (1-20 orders each)`,
      `${queries.scheduler.sendTickMs} ms: ${queries.scheduler.customersPerSecond} customers/s, ${queries.scheduler.emailsPerSecond} messages/s, `
        + `${queries.scheduler.orderStepsPerSecond} order steps/s (${queries.scheduler.emailsRendered} grouped emails rendered to the outbox)`],
  ] as [string, string][] : []),
  ...(largeBook ? screenRows(LARGE_BOOK, largeBook) : []),
  ...(largeBook ? planningRows(largeBook) : []),
  ...(largeBook ? [[`seeding ${largeBook.receivables.toLocaleString("en")} receivables`, `${largeBook.seedMs} ms`] as [string, string]] : []),
  ...(statement ? [[`bank statement: ${statement.entries.toLocaleString("en")}-entry CAMT.053 (${statement.fileMb} MB) against ${statement.receivables.toLocaleString("en")} receivables`,
    `parse ${statement.parseMs} ms; import + match ${statement.importMs} ms = ${statement.entriesPerSecond} entries/s `
      + `(${statement.matched} applied, ${statement.review} to review, ${statement.unmatched} unknown, ${statement.debits} outgoing); `
      + `baseline bare inserts ${statement.baselineEntriesPerSecond} entries/s, ratio ${statement.ratioToBaseline}`] as [string, string]] : []),
  ["bench process peak RSS", `${peakRssMb} MB`],
];
function planningRows(plan: Awaited<ReturnType<typeof benchPlanning>>): [string, string][] {
  const open = plan.openReceivables.toLocaleString("en");
  return [
    [`baseline: ${open} due rows read and one date written each (driver, 500 a page)`, `${plan.baselineMs} ms (${plan.baselinePerSecond} /s)`],
    [`scheduler tick planning ${open} due receivables`, `${plan.planAllMs} ms (${plan.plannedPerSecond} /s; ${ratio(plan.plannedPerSecond, plan.baselinePerSecond)} of the baseline)`],
    [`re-plan of ${open} after a flow edit, no date moved`, `${plan.replanNoneMovedMs} ms (${plan.replanNoneMovedPerSecond} /s; ${ratio(plan.replanNoneMovedPerSecond, plan.baselinePerSecond)} of the baseline)`],
    [`re-plan of ${open} after a flow edit, every date moved`, `${plan.replanAllMovedMs} ms (${plan.replanAllMovedPerSecond} /s, ${plan.replanAllMovedDates.toLocaleString("en")} written; `
      + `${ratio(plan.replanAllMovedPerSecond, plan.baselinePerSecond)} of the baseline)`],
  ];
}

function screenRows(size: number, screens: Awaited<ReturnType<typeof benchScreens>>): [string, string][] {
  const base = screens.baselineOverdueCountMedianMs;
  return [
    [`dashboard at ${size.toLocaleString("en")} receivables, as opened`, `${screens.dashboardMedianMs} ms (median of 5; its summary computed in ${screens.dashboardComputeMs} ms)`],
    ["overdue list, page 1 / page 500 (keyset)", `${screens.overdueListFirstPageMedianMs} ms / ${screens.overdueListPage500MedianMs} ms; `
      + `baseline: a bare count of the overdue rows ${base} ms (page 1 at ${ratio(base, screens.overdueListFirstPageMedianMs)} of its speed)`],
  ];
}

const width = Math.max(...rows.map(([k]) => k.length));
console.log(`database: ${results.database}, ${results.cpus} CPUs, Node ${results.node}\n`);
console.log(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n"));
mkdirSync("bench-results", { recursive: true });
const file = `bench-results/${results.date.replace(/[:.]/g, "-")}.json`;
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`\nwritten to ${file}`);
