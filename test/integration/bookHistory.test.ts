/** The SQL aggregates of the dashboard give what the domain definitions give on the loaded book. */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { seedDemo } from "../../app/demo/seedDemo";
import { dailySales } from "../../app/domain/dso";
import { overdueCountAt as overdueCountIn } from "../../app/domain/aging";
import { dailyCreditSales, overdueCountsAt } from "../../app/services/insight/bookHistory";
import { freshDatabaseUrl } from "../support/appServer";

const now = new Date("2026-11-23T12:00:00Z");
let db: Db;
let shopId: string;

beforeAll(async () => {
  db = createDb(freshDatabaseUrl("book-history", inject("databaseKind")));
  ({ shop: { id: shopId } } = await seedDemo(db, { now, customers: 40, orders: 400, seed: 5 }));
  // a cancelled order and one issued today, at the edges of the definitions
  const [first, second] = await db.receivable.findMany({ where: { shopId, status: "open" }, take: 2, orderBy: { id: "asc" } });
  await db.receivable.update({ where: { id: first.id }, data: { status: "cancelled", cancelledAt: new Date(now.getTime() - 3 * 86_400_000) } });
  await db.receivable.update({ where: { id: second.id }, data: { issuedAt: new Date("2026-11-23T00:00:00Z") } });
}, 120_000);
afterAll(async () => {
  await db.$disconnect();
});

describe("the book's history in SQL", () => {
  it("credit sales per day equal dailySales over the loaded receivables", async () => {
    const rows = await db.receivable.findMany({ where: { shopId, creditSale: true, status: { not: "cancelled" } } });
    const expected = dailySales(rows.map((r) => ({ issuedAt: r.issuedAt, amountMinor: Number(r.totalMinor) })), now, 365);
    expect(expected.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(await dailyCreditSales(db, shopId, now, 365)).toEqual(expected);
  });

  it("overdue counts at past moments equal overdueCountAt over the loaded receivables", async () => {
    const lives = await db.receivable.findMany({ where: { shopId, creditSale: true } });
    const moments = [30, 60, 90, 150, 0].map((days) => new Date(now.getTime() - days * 86_400_000));
    const expected = moments.map((at) => overdueCountIn(lives, at));
    expect(expected.some((n) => n > 0)).toBe(true);
    expect(await overdueCountsAt(db, shopId, moments)).toEqual(expected);
  });
});
