/**
 * The receivables list pages by keyset (every row once, forwards and back, whatever the sort and
 * however many rows share a due date or an amount), and a large book's dashboard comes from the
 * worker's summary while a small one is summed live.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { listReceivables } from "../../app/services/insight/dashboard";
import { dashboardFor, refreshLargeDashboards } from "../../app/services/insight/dashboardSnapshot";
import { decodeCursor, encodeCursor, RECEIVABLE_SORTS, type ReceivableCursor } from "../../app/domain/receivableQuery";
import { freshDatabaseUrl } from "../support/appServer";

const now = new Date("2026-11-23T12:00:00Z");
const DAY = 86_400_000;
let db: Db;
let shop: { id: string; currency: string };

beforeAll(async () => {
  db = createDb(freshDatabaseUrl("book-screens", inject("databaseKind")));
  shop = await db.shop.create({ data: { domain: "screens.myshopify.com", name: "Screens", currency: "EUR", installedAt: now } });
  // 137 receivables on 9 due dates and 5 amounts: many ties for the id to break
  await db.receivable.createMany({ data: Array.from({ length: 137 }, (_, i) => ({
    shopId: shop.id, orderGid: `gid://shopify/Order/${i + 1}`, orderName: `#${i + 1}`, currency: "EUR",
    totalMinor: 5000n, outstandingMinor: BigInt(1000 * (1 + (i % 5))), issuedAt: new Date(now.getTime() - 40 * DAY),
    dueAt: new Date(now.getTime() - (i % 9) * DAY), status: i % 11 === 0 ? "paid" : "open", creditSale: true, financialStatus: "pending",
    snapshotUpdatedAt: now, snapshot: "{}",
  })) });
}, 60_000);
afterAll(async () => {
  await db.$disconnect();
});

describe("the receivables list by keyset", () => {
  it.each(RECEIVABLE_SORTS)("sorted %s: forwards every row once in order, and back again the same pages", async (sort) => {
    const query = { filter: "all" as const, pageSize: 20, sort };
    const expected = (await db.receivable.findMany({ where: { shopId: shop.id }, select: { id: true } })).length;
    const pages: string[][] = [];
    let cursor: ReceivableCursor | null = null;
    for (;;) {
      const page = await listReceivables(db, shop.id, now, { ...query, cursor });
      expect(page.total).toBe(expected);
      pages.push(page.rows.map((r) => r.id));
      expect(page.previous === null).toBe(pages.length === 1);
      if (!page.next) break;
      cursor = decodeCursor(page.next, sort);
    }
    const seen = pages.flat();
    expect(seen).toHaveLength(expected);
    expect(new Set(seen).size).toBe(expected);
    const rows = await db.receivable.findMany({ where: { id: { in: seen } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const key = (id: string) => (sort.startsWith("due") ? byId.get(id)!.dueAt.getTime() : Number(byId.get(id)!.outstandingMinor));
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [key(seen[i - 1]), key(seen[i])];
      expect(sort.endsWith("desc") ? a >= b : a <= b).toBe(true);
      if (a === b) expect(seen[i - 1] < seen[i]).toBe(true);
    }
    // and back from the last page: the same pages in reverse
    let back = pages.length - 1;
    let previous = (await listReceivables(db, shop.id, now, { ...query, cursor })).previous;
    while (previous) {
      const page = await listReceivables(db, shop.id, now, { ...query, cursor: decodeCursor(previous, sort) });
      back -= 1;
      expect(page.rows.map((r) => r.id)).toEqual(pages[back]);
      previous = page.previous;
    }
    expect(back).toBe(0);
  });

  it("cursors survive the URL and refuse what the list did not write", () => {
    const cursor = { direction: "after" as const, value: new Date("2026-11-20T00:00:00.000Z"), id: "clx01abc" };
    expect(decodeCursor(encodeCursor(cursor), "due_asc")).toEqual(cursor);
    expect(decodeCursor(encodeCursor({ direction: "before", value: 4200n, id: "x1" }), "outstanding_desc")).toEqual({ direction: "before", value: 4200n, id: "x1" });
    for (const bad of ["", "a.", "c.2026-11-20T00:00:00.000Z.x", "a.yesterday.x", "a.2026-11-20T00:00:00.000Z.x'; DROP", "a.12.x"]) {
      expect(decodeCursor(bad, "due_asc")).toBeNull();
    }
    expect(decodeCursor("a.1e9.x", "outstanding_asc")).toBeNull();
  });
});

describe("the dashboard of a large book", () => {
  it("is summed live while small; past the limit it is the worker's summary, refreshed after a minute", async () => {
    const live = await dashboardFor(db, shop, now);
    expect(live.asOf).toBeNull();
    expect(live.openCount).toBe(124);
    expect(await db.dashboardSnapshot.count()).toBe(0);

    // with a limit of 100 open receivables this book is large: stored once, then read back
    const first = await dashboardFor(db, shop, now, 100);
    expect(first).toMatchObject({ openCount: 124, asOf: null });
    await db.receivable.updateMany({ where: { shopId: shop.id, orderGid: "gid://shopify/Order/2" }, data: { status: "paid", outstandingMinor: 0n } });
    const stored = await dashboardFor(db, shop, new Date(now.getTime() + 30_000), 100);
    expect(stored).toMatchObject({ openCount: 124, asOf: now });

    expect(await refreshLargeDashboards(db, new Date(now.getTime() + 30_000), 100)).toBe(0); // not a minute old yet
    const later = new Date(now.getTime() + 61_000);
    expect(await refreshLargeDashboards(db, later, 100)).toBe(1);
    expect(await dashboardFor(db, shop, later, 100)).toMatchObject({ openCount: 123, asOf: later });
  });
});
