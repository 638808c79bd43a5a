/** The numbers of the dashboard, aggregated in the database so they stay fast on a large book. */
import type { Db } from "../../db/client";
import { AGING_BUCKETS, agingRanges, type AgingBucket } from "../../domain/aging";
import { dsoCountback } from "../../domain/dso";
import { dailyCreditSales, overdueCountsAt } from "./bookHistory";
import { SORT_COLUMN, type ReceivableQuery } from "../../domain/receivableQuery";
import { keysetPage, keysetQuery } from "../../db/keyset";
import { DAY_MS } from "../../domain/time";

const DSO_LOOKBACK_DAYS = 365;

export interface DashboardSummary {
  currency: string;
  openCount: number;
  outstandingMinor: number;
  overdueCount: number;
  overdueMinor: number;
  aging: Record<AgingBucket, { count: number; outstandingMinor: number }>;
  customers: number;
  /** countback over the last year's credit sales; null when they do not cover the balance */
  dsoDays: number | null;
  collectedThisMonthMinor: number;
  tasksDueToday: number;
  disputesPastSla: number;
  /** promises to pay still running, and those broken in the last 30 days */
  promisesOpen: number;
  promisesBroken: number;
  /** receivables overdue at the end of each of the last six months, and now */
  overdueTrend: { label: string; count: number }[];
}

export async function dashboardSummary(db: Db, shop: { id: string; currency: string }, now: Date): Promise<DashboardSummary> {
  const open = { shopId: shop.id, creditSale: true, status: "open" };
  const ranges = agingRanges(now);
  const rows = await Promise.all(
    AGING_BUCKETS.map((bucket) => {
      const { from, to } = ranges[bucket];
      return db.receivable.aggregate({
        where: { ...open, dueAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } },
        _count: { _all: true },
        _sum: { outstandingMinor: true },
      });
    }),
  );
  const aging = Object.fromEntries(
    AGING_BUCKETS.map((bucket, i) => [bucket, { count: rows[i]._count._all, outstandingMinor: Number(rows[i]._sum.outstandingMinor ?? 0n) }]),
  ) as DashboardSummary["aging"];
  const overdue = AGING_BUCKETS.filter((b) => b !== "not_due").map((b) => aging[b]);
  const outstandingMinor = AGING_BUCKETS.reduce((n, b) => n + aging[b].outstandingMinor, 0);
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const endOfToday = new Date((Math.floor(now.getTime() / DAY_MS) + 1) * DAY_MS);
  const trendPoints = [...Array.from({ length: 6 }, (_, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 5 + i, 1) - 1)), now];
  const [perDay, collected, tasksDueToday, disputesPastSla, trendCounts, promisesOpen, promisesBroken] = await Promise.all([
    dailyCreditSales(db, shop.id, now, DSO_LOOKBACK_DAYS),
    db.ledgerEvent.aggregate({ where: { shopId: shop.id, kind: "payment", occurredAt: { gte: monthStart, lte: now } }, _sum: { amountMinor: true } }),
    db.task.count({ where: { shopId: shop.id, doneAt: null, dueAt: { lt: endOfToday } } }),
    db.dispute.count({ where: { shopId: shop.id, status: "open", slaDueAt: { lt: now } } }),
    overdueCountsAt(db, shop.id, trendPoints),
    db.paymentPromise.count({ where: { shopId: shop.id, status: "open" } }),
    db.paymentPromise.count({ where: { shopId: shop.id, status: "broken", resolvedAt: { gte: new Date(now.getTime() - 30 * DAY_MS) } } }),
  ]);
  return {
    currency: shop.currency,
    dsoDays: dsoCountback(outstandingMinor, perDay),
    collectedThisMonthMinor: Number(collected._sum.amountMinor ?? 0n),
    tasksDueToday,
    disputesPastSla,
    promisesOpen,
    promisesBroken,
    overdueTrend: trendPoints.map((at, i) => ({ label: at === now ? "now" : at.toISOString().slice(0, 10), count: trendCounts[i] })),
    openCount: AGING_BUCKETS.reduce((n, b) => n + aging[b].count, 0),
    outstandingMinor,
    overdueCount: overdue.reduce((n, b) => n + b.count, 0),
    overdueMinor: overdue.reduce((n, b) => n + b.outstandingMinor, 0),
    aging,
    customers: await db.customer.count({ where: { shopId: shop.id, redactedAt: null } }),
  };
}

const COUNT_UP_TO = 10_000;

/**
 * One page of the list, by keyset: rows after (or before) the cursor's sort value and id, in the
 * sort's order with the id breaking ties. Returns the cursors of the neighbouring pages.
 */
export async function listReceivables(db: Db, shopId: string, now: Date, options: ReceivableQuery) {
  const where = receivableWhere(shopId, now, options);
  const sort = options.sort ?? "due_asc";
  const { column, descending } = SORT_COLUMN[sort];
  const { beyond, orderBy } = keysetQuery({ column, descending }, options.cursor);
  const [counted, found] = await Promise.all([
    // ids in the index's own order: SQLite then stops reading at the cap (a count with a limit, or without this order, reads them all)
    db.receivable.findMany({ where, take: COUNT_UP_TO + 1, select: { id: true }, orderBy: [{ dueAt: "asc" }, { id: "asc" }] }).then((ids) => ids.length),
    db.receivable.findMany({
      where: { AND: [where, beyond] }, orderBy, take: options.pageSize + 1,
      include: { customer: { select: { firstName: true, lastName: true, company: true, email: true, countryCode: true } } },
    }),
  ]);
  return {
    // past COUNT_UP_TO the list says "more than": counting a million rows costs more than the page
    total: Math.min(counted, COUNT_UP_TO), totalIsLowerBound: counted > COUNT_UP_TO,
    ...keysetPage(found, options.pageSize, options.cursor, (row) => row[column]),
  };
}

function receivableWhere(shopId: string, now: Date, options: ReceivableQuery) {
  const search = options.search?.trim();
  return {
    shopId, creditSale: true,
    ...(options.filter === "overdue" ? { status: "open", dueAt: { lt: now } }
      : options.filter === "all" ? {} : { status: options.filter }),
    ...(options.minOutstandingMinor ? { outstandingMinor: { gte: BigInt(options.minOutstandingMinor) } } : {}),
    ...(options.country ? { customer: { countryCode: options.country } } : {}),
    ...(options.segmentId ? { segmentId: options.segmentId } : {}),
    ...(options.kind ? { kind: options.kind } : {}),
    ...(options.assignee ? { disputes: { some: { status: "open", assignee: options.assignee } } } : {}),
    ...(options.bucket ? bucketWhere(options.bucket, now) : {}),
    ...(search ? {
      OR: [
        { orderName: { contains: search } },
        { customer: { email: { contains: search } } }, { customer: { lastName: { contains: search } } }, { customer: { company: { contains: search } } },
      ],
    } : {}),
  };
}

/** An aging bucket as a query: open receivables whose due date lies in the bucket's window. */
function bucketWhere(bucket: AgingBucket, now: Date) {
  const { from, to } = agingRanges(now)[bucket];
  return { status: "open", dueAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } };
}
