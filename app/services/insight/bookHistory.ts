/**
 * The book's history, aggregated in the database: a year of credit sales per day (for DSO) and how
 * many receivables were overdue at a past moment (for the trend). They compute in SQL what
 * dailySales and overdueCountAt (app/domain) define, without loading the book into memory.
 */
import { Prisma, type Db } from "../../db/client";
import { utcDay } from "../../db/dialect";
import { DAY_MS } from "../../domain/time";

/** Credit sales per UTC calendar day, index 0 = today, `days` days back (as dailySales). */
export async function dailyCreditSales(db: Db, shopId: string, now: Date, days: number): Promise<number[]> {
  const today = Math.floor(now.getTime() / DAY_MS);
  const since = new Date((today - days + 1) * DAY_MS);
  const day = utcDay(db, "issuedAt");
  const rows = await db.$queryRaw<{ day: string; total: bigint | number | string }[]>`
    SELECT ${day} AS "day", SUM("totalMinor") AS "total" FROM "Receivable"
    WHERE "shopId" = ${shopId} AND "creditSale" = ${true} AND "status" <> 'cancelled' AND "issuedAt" >= ${since} AND "issuedAt" < ${new Date((today + 1) * DAY_MS)}
    GROUP BY 1`;
  const perDay = new Array<number>(days).fill(0);
  for (const row of rows) {
    const age = today - Math.floor(Date.parse(`${row.day}T00:00:00Z`) / DAY_MS);
    if (age >= 0 && age < days) perDay[age] += Number(row.total);
  }
  return perDay;
}

/**
 * How many receivables were overdue at each moment: issued, past due, and neither paid nor
 * cancelled by then (as overdueCountAt). One pass over the book for all moments.
 */
export async function overdueCountsAt(db: Db, shopId: string, moments: Date[]): Promise<number[]> {
  if (moments.length === 0) return [];
  const first = new Date(Math.min(...moments.map((m) => m.getTime())));
  const last = new Date(Math.max(...moments.map((m) => m.getTime())));
  const columns = Prisma.join(moments.map((at, i) => Prisma.sql`SUM(CASE WHEN "issuedAt" <= ${at} AND "dueAt" < ${at}
    AND ("paidAt" IS NULL OR "paidAt" > ${at}) AND ("cancelledAt" IS NULL OR "cancelledAt" > ${at}) THEN 1 ELSE 0 END) AS ${Prisma.raw(`"m${i}"`)}`));
  const [row] = await db.$queryRaw<Record<string, bigint | number | null>[]>`
    SELECT ${columns} FROM "Receivable"
    WHERE "shopId" = ${shopId} AND "creditSale" = ${true} AND "dueAt" < ${last}
      AND ("paidAt" IS NULL OR "paidAt" > ${first}) AND ("cancelledAt" IS NULL OR "cancelledAt" > ${first})`;
  return moments.map((_, i) => Number(row?.[`m${i}`] ?? 0));
}
