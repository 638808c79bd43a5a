/**
 * Load and fault tests on loopback: 5,000 webhooks (10% duplicates, shuffled) through the built
 * app over signed HTTP, on SQLite with one process, and on PostgreSQL with two processes sharing
 * the database while PostgreSQL is restarted in the middle of the burst.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { drainQueue, PARALLEL_DELIVERIES, STALE_CLAIM_MS } from "../../app/services/ingest/webhookQueue";
import { freshDatabaseUrl, startAppServer, startWorkerProcess, type AppServer } from "../support/appServer";
import { saleDayBurst, sendBurst, type Burst } from "../support/burst";
import { startPostgres } from "../support/postgresServer";
import { installShop } from "../support/testShop";

const SHOP = "dunly-burst.myshopify.com";
const BURST = 5_000;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function serve(databaseUrl: string, env: Record<string, string> = {}): Promise<AppServer> {
  const server = await startAppServer(env, databaseUrl);
  cleanups.push(() => server.stop());
  return server;
}

const unfinished = (db: Db) => db.webhookDelivery.count({ where: { status: { in: ["queued", "processing", "failed"] } } });

/** Waits while the app's own workers make progress; returns what is left to them after that. */
async function whileProgressing(db: Db, quietMs: number, timeoutMs = 180_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let left = await unfinished(db);
  let quietSince = Date.now();
  while (left > 0 && Date.now() - quietSince < quietMs && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await unfinished(db);
    if (now !== left) quietSince = Date.now();
    left = now;
  }
  return left;
}

async function expectLedgerMatches(db: Db, shopId: string, burst: Burst) {
  const deliveries = await db.webhookDelivery.groupBy({ by: ["status"], _count: { _all: true } });
  expect(Object.fromEntries(deliveries.map((d) => [d.status, d._count._all]))).toEqual({ done: burst.uniqueWebhookIds });
  const rows = await db.receivable.findMany({ where: { shopId }, select: { orderGid: true, totalMinor: true, outstandingMinor: true, status: true } });
  expect(rows).toHaveLength(burst.expected.length);
  const byOrder = new Map(rows.map((r) => [r.orderGid, r]));
  const wrong = burst.expected.filter((e) => {
    const row = byOrder.get(e.orderGid);
    return !row || Number(row.totalMinor) !== e.totalMinor || Number(row.outstandingMinor) !== e.outstandingMinor
      || row.status !== (e.outstandingMinor === 0 ? "paid" : "open");
  });
  expect(wrong).toEqual([]);
  expect(await db.ledgerEvent.count({ where: { shopId, kind: "payment" } })).toBe(burst.payments);
  expect(await db.ledgerEvent.count({ where: { shopId, kind: "order" } })).toBe(burst.expected.length);
}

describe("a sale-day burst of 5,000 webhooks, 10% duplicates, shuffled", () => {
  it("on SQLite in one process: every delivery answered, nothing lost, nothing counted twice", async () => {
    const databaseUrl = freshDatabaseUrl("burst-sqlite");
    const db = createDb(databaseUrl);
    cleanups.push(() => db.$disconnect());
    const { shop } = await installShop(db, SHOP);
    const server = await serve(databaseUrl);
    const burst = saleDayBurst(BURST, 1);

    const report = await sendBurst([server.baseUrl], SHOP, burst.deliveries);

    expect(report.refused).toEqual([]);
    expect(report.accepted).toBe(BURST);
    expect(report.duplicatesAnswered).toBe(BURST - burst.uniqueWebhookIds);
    expect(await whileProgressing(db, 30_000)).toBe(0);
    await expectLedgerMatches(db, shop.id, burst);
  }, 600_000);

  const postgres = startPostgres();
  if (postgres) cleanups.push(() => postgres.stop());

  it.skipIf(!postgres)("on PostgreSQL with two app processes, restarted mid-burst: everything resumes, nothing lost or doubled", async () => {
    const databaseUrl = freshDatabaseUrl("burst-pg", "postgresql", postgres!.url);
    const db = createDb(databaseUrl);
    cleanups.push(() => db.$disconnect());
    const { shop } = await installShop(db, SHOP);
    const servers = [await serve(databaseUrl), await serve(databaseUrl)];
    const burst = saleDayBurst(BURST, 2);
    let restarted: Promise<void> | null = null;

    const report = await sendBurst(servers.map((s) => s.baseUrl), SHOP, burst.deliveries, {
      onProgress: (done) => {
        // not awaited: Shopify keeps sending while the database is away
        if (done === Math.floor(BURST * 0.4)) restarted ??= postgres!.restart();
      },
    }).catch((error) => {
      throw new Error(`${error.message}\n${servers.map((s) => s.output().slice(-3000)).join("\n---\n")}`);
    });

    await restarted;
    expect(restarted).not.toBeNull();
    expect(report.refused).toEqual([]);
    expect(report.accepted).toBe(BURST);
    // both processes are still serving after the restart
    for (const server of servers) {
      const status = await fetch(`${server.baseUrl}/webhooks`).then((r) => r.status, () => 0);
      expect(status, server.output().slice(-4000)).toBe(405);
    }
    // a process hands back what it held while the database was away; one that cannot (killed meanwhile) leaves it to the stale-claim takeover
    await whileProgressing(db, 5_000);
    const later = new Date(Date.now() + STALE_CLAIM_MS + 60_000);
    while ((await drainQueue(db, { clock: () => later, adminFor: async () => null })) > 0);
    await expectLedgerMatches(db, shop.id, burst);
  }, 600_000);

  it.skipIf(!postgres)("on PostgreSQL with web processes that only store and two worker processes, one killed mid-burst", async () => {
    const databaseUrl = freshDatabaseUrl("burst-workers", "postgresql", postgres!.url);
    const db = createDb(databaseUrl);
    cleanups.push(() => db.$disconnect());
    const { shop } = await installShop(db, SHOP);
    const web = [await serve(databaseUrl, { DUNLY_WORKER: "off" }), await serve(databaseUrl, { DUNLY_WORKER: "off" })];
    const burst = saleDayBurst(2_000, 3);
    const firstHalf = burst.deliveries.slice(0, 1_000);

    // web processes alone answer and store, and apply nothing
    await sendBurst(web.map((s) => s.baseUrl), SHOP, firstHalf);
    expect(await db.webhookDelivery.count({ where: { status: "queued" } })).toBe(new Set(firstHalf.map((d) => d.webhookId)).size);
    expect(await db.receivable.count()).toBe(0);

    const workers = [startWorkerProcess(databaseUrl), startWorkerProcess(databaseUrl)];
    cleanups.push(async () => { for (const worker of workers) await worker.stop(); });
    let killed: Promise<void> | null = null;
    await sendBurst(web.map((s) => s.baseUrl), SHOP, burst.deliveries.slice(1_000), {
      onProgress: async (done) => {
        if (done === 300) killed ??= workers[0].kill();
      },
    });
    await killed;
    // the surviving worker applies the rest; what the killed one had in hand is taken over once its claims are stale
    expect(await whileProgressing(db, 5_000)).toBeLessThanOrEqual(PARALLEL_DELIVERIES.postgresql);
    const later = new Date(Date.now() + STALE_CLAIM_MS + 60_000);
    while ((await drainQueue(db, { clock: () => later, adminFor: async () => null })) > 0);
    await expectLedgerMatches(db, shop.id, burst);
  }, 600_000);
});
