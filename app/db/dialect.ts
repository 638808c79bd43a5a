/**
 * The few SQL fragments that differ between SQLite and PostgreSQL, for raw queries that Prisma's
 * query builder cannot express (per-day sums, one UPDATE for many rows).
 */
import { Prisma } from "../../generated/sqlite/client";
import { databaseKindOf, type Db } from "./client";

/** The UTC calendar day of a DateTime column as 'YYYY-MM-DD' (SQLite keeps ISO 8601 text in UTC). */
export function utcDay(db: Db, column: string): Prisma.Sql {
  return databaseKindOf(db) === "postgresql" ? Prisma.raw(`to_char("${column}", 'YYYY-MM-DD')`) : Prisma.raw(`substr("${column}", 1, 10)`);
}

/** A DateTime value where PostgreSQL cannot infer the type (inside CASE); the SQLite driver writes Prisma's own text form. */
export function timestampValue(db: Db, value: Date | null): Prisma.Sql {
  const literal = value === null ? Prisma.sql`NULL` : Prisma.sql`${value}`;
  return databaseKindOf(db) === "postgresql" ? Prisma.sql`CAST(${literal} AS timestamp(3))` : literal;
}

const CHUNK = 500;

export interface DateTimeWrite {
  id: string;
  value: Date | null;
  /** the row's updatedAt when it was read: a row written since then is left alone */
  readUpdatedAt: Date;
}

/**
 * Sets one DateTime column of many rows, each to its own value, CHUNK rows per statement; a row
 * another writer changed after it was read keeps that writer's value. Returns the rows set.
 */
export async function setDateTimeIfUnchanged(db: Db, table: string, column: string, writes: DateTimeWrite[]): Promise<number> {
  let written = 0;
  for (let i = 0; i < writes.length; i += CHUNK) {
    const chunk = writes.slice(i, i + CHUNK);
    const values = Prisma.join(chunk.map((w) => Prisma.sql`WHEN ${w.id} THEN ${timestampValue(db, w.value)}`), " ");
    const read = Prisma.join(chunk.map((w) => Prisma.sql`WHEN ${w.id} THEN ${timestampValue(db, w.readUpdatedAt)}`), " ");
    written += await db.$executeRaw`UPDATE ${Prisma.raw(`"${table}"`)} SET ${Prisma.raw(`"${column}"`)} = CASE "id" ${values} END
      WHERE "id" IN (${Prisma.join(chunk.map((w) => w.id))}) AND "updatedAt" = CASE "id" ${read} END`;
  }
  return written;
}
