/**
 * Several app processes on one PostgreSQL database: each "process" here is its own Prisma client
 * with its own connection pool, racing the others on the same rows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { drainQueue, processDelivery, recordDelivery, type IncomingDelivery } from "../../app/services/ingest/webhookQueue";
import type { HandlerContext } from "../../app/services/ingest/handleDelivery";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { withReceivableLock } from "../../app/services/ledger/receivableLock";
import { outboxMailer } from "../../app/adapters/email/mailer";
import { requestSendNow } from "../../app/services/ledger/receivableDetail";
import { pauseCustomer } from "../../app/services/followUp/pauseReminders";
import { seededRandom, shuffled } from "../../app/domain/seededRandom";
import { freshDatabaseUrl } from "../support/appServer";
import { newOrderId, orderPayload, transactionPayload } from "../support/orders";
import { installShop } from "../support/testShop";

const SHOP = "dunly-parallel.myshopify.com";
const PROCESSES = 4;
const now = new Date("2026-11-23T10:00:00Z");
const context: HandlerContext = { clock: () => now, adminFor: async () => null };
const postgres = process.env.DUNLY_TEST_POSTGRES_URL;
let processes: Db[] = [];
let shopId: string;

beforeAll(async () => {
  if (!postgres) return;
  const url = freshDatabaseUrl("parallel", "postgresql");
  processes = Array.from({ length: PROCESSES }, () => createDb(url));
  shopId = (await installShop(processes[0], SHOP)).shop.id;
}, 120_000);
afterAll(async () => {
  for (const db of processes) await db.$disconnect();
});

const delivery = (topic: string, payload: string): IncomingDelivery =>
  ({ webhookId: crypto.randomUUID(), shopDomain: SHOP, topic, apiVersion: "2025-10", payload });

describe.skipIf(!postgres)("several processes on one PostgreSQL database", () => {
  it("a delivery recorded by every process at once is stored once; draining in parallel applies each delivery once", async () => {
    const same = delivery("orders/create", orderPayload({ id: newOrderId(), total: "10.00", outstanding: "10.00", financialStatus: "pending", updatedAt: now }));
    const answers = await Promise.all(processes.flatMap((db) => [recordDelivery(db, same, now), recordDelivery(db, same, now)]));
    expect(answers.filter((a) => a === "queued")).toHaveLength(1);
    expect(answers.filter((a) => a === "duplicate")).toHaveLength(PROCESSES * 2 - 1);

    for (let i = 0; i < 400; i++) {
      await recordDelivery(processes[0], delivery("orders/create", orderPayload({ id: newOrderId(), total: "25.00", outstanding: "25.00", financialStatus: "pending", updatedAt: now })), now);
    }
    const drained = await Promise.all(processes.map((db) => drainQueue(db, context)));
    expect(drained.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(401);
    const deliveries = await processes[0].webhookDelivery.findMany({ select: { status: true, attempts: true } });
    expect(deliveries).toHaveLength(401);
    expect(deliveries.every((d) => d.status === "done" && d.attempts === 1)).toBe(true);
    expect(await processes[0].receivable.count()).toBe(401);
  }, 120_000);

  it("an order and its payment applied at the same moment by two processes: the payment is never lost", async () => {
    const pairs = Array.from({ length: 400 }, () => {
      const id = newOrderId();
      return {
        orderGid: `gid://shopify/Order/${id}`,
        order: delivery("orders/create", orderPayload({ id, total: "80.00", outstanding: "80.00", financialStatus: "pending", updatedAt: now })),
        payment: delivery("order_transactions/create", transactionPayload({ id: newOrderId(), orderId: id, amount: "30.00", at: new Date(now.getTime() + 60_000) })),
      };
    });
    for (const pair of pairs) {
      await recordDelivery(processes[0], pair.order, now);
      await recordDelivery(processes[0], pair.payment, now);
    }
    const idOf = async (webhookId: string) => (await processes[0].webhookDelivery.findUniqueOrThrow({ where: { webhookId } })).id;
    await Promise.all(pairs.map(async (pair, i) => {
      const [orderId, paymentId] = [await idOf(pair.order.webhookId), await idOf(pair.payment.webhookId)];
      await Promise.all([
        processDelivery(processes[i % PROCESSES], orderId, context),
        processDelivery(processes[(i + 1) % PROCESSES], paymentId, context),
      ]);
    }));
    const rows = await processes[0].receivable.findMany({ where: { orderGid: { in: pairs.map((p) => p.orderGid) } } });
    expect(rows).toHaveLength(pairs.length);
    expect(rows.filter((r) => r.outstandingMinor !== 5000n).map((r) => `${r.orderName}: ${r.outstandingMinor}`)).toEqual([]);
  }, 120_000);

  it("work on one receivable runs one process at a time (the recompute's row lock)", async () => {
    const { id, orderGid } = await processes[0].receivable.findFirstOrThrow({ where: { shopId } });
    const log: string[] = [];
    const first = withReceivableLock(processes[1], shopId, orderGid, async (locked) => {
      log.push("first read");
      await locked.receivable.findUniqueOrThrow({ where: { id } });
      await new Promise((r) => setTimeout(r, 300)); // a slow recompute: the second must not start meanwhile
      log.push("first wrote");
    });
    await new Promise((r) => setTimeout(r, 50));
    const second = withReceivableLock(processes[2], shopId, orderGid, async () => void log.push("second read"));
    const other = await processes[0].receivable.findFirstOrThrow({ where: { shopId, id: { not: id } } });
    await withReceivableLock(processes[3], shopId, other.orderGid, async () => void log.push("other receivable"));
    await Promise.all([first, second]);
    expect(log).toEqual(["first read", "other receivable", "first wrote", "second read"]);
  }, 60_000);

  it("schedulers ticking in every process at once send each reminder step exactly once", async () => {
    const customer = await processes[0].customer.create({
      data: { shopId, gid: "gid://shopify/Customer/77", email: "parallel@example.nl", firstName: "Par", locale: "nl", countryCode: "NL" },
    });
    const open = { shopId, status: "open" };
    await processes[0].receivable.updateMany({
      where: open, data: { customerId: customer.id, dueAt: new Date(now.getTime() - 2 * 86_400_000), nextActionAt: now },
    });
    const due = await processes[0].receivable.count({ where: open });
    const results = await allOrFirstError(processes.map((db) => runSchedulerTick(db, { clock: () => now, mailer: outboxMailer, batchSize: 50 })));

    // the pre-due step is skipped (too late) and reminder 1 goes out: two claims per receivable
    const messages = await processes[0].message.groupBy({ by: ["receivableId", "stepKey"], _count: { _all: true } });
    expect(messages).toHaveLength(due * 2);
    expect(messages.every((m) => m._count._all === 1)).toBe(true);
    // one customer owns them all: one email carries every order's step (customer-level follow-up)
    expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(1);
    expect(results.reduce((sum, r) => sum + r.grouped, 0)).toBe(due - 1);
    expect(results.reduce((sum, r) => sum + r.skipped, 0)).toBe(due);
    expect(await processes[0].message.count({ where: { stepKey: "reminder_1", status: "outbox" } })).toBe(due);
  }, 180_000);

  it("writes to many receivables at once from every process (ticks, send-now, a customer's pause) wait for each other, never deadlock", async () => {
    const customer = await processes[0].customer.findFirstOrThrow({ where: { shopId, gid: "gid://shopify/Customer/77" } });
    const open = (await processes[0].receivable.findMany({ where: { shopId, status: "open" }, select: { id: true } })).map((r) => r.id);
    const random = seededRandom(7);
    const at = (round: number) => new Date(now.getTime() + round * 60_000);
    const pauseEnd = new Date(now.getTime() + 10 * 86_400_000);
    const rounds = (work: (round: number) => Promise<unknown>) => (async () => { for (let round = 1; round <= 12; round++) await work(round); })();
    await allOrFirstError([
      rounds((round) => runSchedulerTick(processes[0], { clock: () => at(round), mailer: outboxMailer, batchSize: 100 })),
      rounds((round) => runSchedulerTick(processes[1], { clock: () => at(round), mailer: outboxMailer, batchSize: 70 })),
      rounds((round) => requestSendNow(processes[2], shopId, shuffled(open, random).slice(0, 300), at(round))),
      rounds((round) => pauseCustomer(processes[3], shopId, customer.id, pauseEnd, "talking to the customer", at(round))),
    ]);
    const before = await processes[0].message.count();
    await runSchedulerTick(processes[0], { clock: () => at(13), mailer: outboxMailer });
    // the pause holds every order: nothing more went out and each waits for the pause's end
    expect(await processes[0].message.count()).toBe(before);
    const waiting = await processes[0].receivable.findMany({ where: { shopId, status: "open" }, select: { nextActionAt: true } });
    expect(waiting.filter((r) => r.nextActionAt?.getTime() !== pauseEnd.getTime())).toEqual([]);
  }, 300_000);
});

/** Like Promise.all, but waits for every process to stop before failing, so no work runs on after the test. */
async function allOrFirstError<T>(work: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
