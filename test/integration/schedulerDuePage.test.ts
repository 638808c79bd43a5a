/**
 * The scheduler reads its due pages straight from the driver; a client without a direct connection
 * (a transaction's) is served the same pages through the query builder. Both must plan alike.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, inTransaction, type Db } from "../../app/db/client";
import { seedDemo } from "../../app/demo/seedDemo";
import { runSchedulerTick, type TickResult } from "../../app/services/followUp/runScheduler";
import { outboxMailer } from "../../app/adapters/email/mailer";
import { freshDatabaseUrl } from "../support/appServer";

const start = new Date("2026-09-01T06:00:00Z");
const later = new Date("2026-10-15T09:00:00Z");
let direct: Db;
let viaTransaction: Db;
let smallPages: Db;
let onePage: Db;

beforeAll(async () => {
  direct = createDb(freshDatabaseUrl("due-page-direct", inject("databaseKind")));
  viaTransaction = createDb(freshDatabaseUrl("due-page-tx", inject("databaseKind")));
  smallPages = createDb(freshDatabaseUrl("due-page-small", inject("databaseKind")));
  onePage = createDb(freshDatabaseUrl("due-page-one", inject("databaseKind")));
  for (const db of [direct, viaTransaction, smallPages, onePage]) {
    await seedDemo(db, { now: start, customers: 20, orders: 160, seed: 11 });
    // every open order due at once: many pages of the small batch below
    await db.receivable.updateMany({ where: { status: "open" }, data: { nextActionAt: start } });
  }
}, 240_000);

afterAll(async () => {
  await direct.$disconnect();
  await viaTransaction.$disconnect();
  await smallPages.$disconnect();
  await onePage.$disconnect();
});

const planOf = async (db: Db) => Object.fromEntries((await db.receivable.findMany({ where: { status: "open" }, select: { orderGid: true, nextActionAt: true } }))
  .map((r) => [r.orderGid, r.nextActionAt?.toISOString() ?? null]));

describe("the scheduler's due pages", () => {
  // On PostgreSQL a tick cannot run inside a transaction at all: its batch writes take their row
  // locks in a transaction of their own, and Prisma has no nested transactions. There every
  // client the app ticks with has its direct connection.
  it.skipIf(inject("databaseKind") === "postgresql")("are the same through a transaction's client, in small pages, as straight from the driver", async () => {
    const deps = { clock: () => later, mailer: outboxMailer, batchSize: 3 };
    const first = await runSchedulerTick(direct, deps);
    const second = await inTransaction(viaTransaction, (tx) => runSchedulerTick(tx, deps), { maxWait: 10_000, timeout: 120_000 });
    expect(first.planned).toBeGreaterThan(3 * 3);
    expect(second).toEqual(first);
    expect(await planOf(viaTransaction)).toEqual(await planOf(direct));
  });

  it("in small pages, each read ahead of the page before it, send, skip, group and plan as in one page", async () => {
    const small = await runSchedulerTick(smallPages, { clock: () => later, mailer: outboxMailer, batchSize: 3 });
    const whole = await runSchedulerTick(onePage, { clock: () => later, mailer: outboxMailer, batchSize: 10_000 });
    // how many were taken from a due page differs (a customer's orders are planned in their customer's run)
    const outcome = ({ planned: _planned, datesMoved: _written, ...rest }: TickResult) => rest;
    expect(small.sent).toBeGreaterThan(3);
    expect(outcome(small)).toEqual(outcome(whole));
    expect(await planOf(smallPages)).toEqual(await planOf(onePage));
    const messages = async (db: Db) => (await db.message.findMany({ select: { receivable: { select: { orderGid: true } }, stepKey: true, status: true } }))
      .map((m) => `${m.receivable.orderGid} ${m.stepKey} ${m.status}`).sort();
    expect(await messages(smallPages)).toEqual(await messages(onePage));
  });
});
