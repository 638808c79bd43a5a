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

export type ColumnType = "text" | "integer" | "bigint" | "timestamp" | "boolean";

const SQL_TYPES: Record<ColumnType, string> = { text: "text", integer: "integer", bigint: "bigint", timestamp: "timestamp(3)", boolean: "boolean" };

/** A value inside CASE, typed for PostgreSQL (which cannot infer it there); SQLite takes it as it is. */
function typedValue(db: Db, value: unknown, type: ColumnType): Prisma.Sql {
  // SQLite keeps booleans as 0 and 1
  if (type === "boolean" && typeof value === "boolean" && databaseKindOf(db) !== "postgresql") value = value ? 1 : 0;
  const literal = value === null || value === undefined ? Prisma.sql`NULL` : Prisma.sql`${value}`;
  return databaseKindOf(db) === "postgresql" ? Prisma.sql`CAST(${literal} AS ${Prisma.raw(SQL_TYPES[type])})` : literal;
}

/**
 * Sets several columns of many rows, each row to its own values, in one UPDATE per 200 rows
 * instead of one per row (the per-query cost of the query builder is what a large batch pays for).
 */
export async function setColumnsById(
  db: Db, table: string, columns: readonly { name: string; type: ColumnType }[], rows: readonly { id: string; values: readonly unknown[] }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    const sets = columns.map((column, c) => Prisma.sql`${Prisma.raw(`"${column.name}"`)} = CASE "id" ${Prisma.join(
      chunk.map((row) => Prisma.sql`WHEN ${row.id} THEN ${typedValue(db, row.values[c], column.type)}`), " ",
    )} END`);
    await db.$executeRaw`UPDATE ${Prisma.raw(`"${table}"`)} SET ${Prisma.join(sets, ", ")} WHERE "id" IN (${Prisma.join(chunk.map((row) => row.id))})`;
  }
}
