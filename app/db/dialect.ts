/**
 * The few SQL fragments that differ between SQLite and PostgreSQL, for raw queries that Prisma's
 * query builder cannot express (per-day sums, one UPDATE for many rows).
 */
import { Prisma } from "../../generated/sqlite/client";
import { databaseKindOf, directQueryOrNull, type Db } from "./client";
import type { DirectQuery, SqlScalar, SqlValue } from "./directSql";

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
  return setColumnsIfUnchanged(db, table, [{ name: column, type: "timestamp" }], writes.map((w) => ({ id: w.id, values: [w.value], readUpdatedAt: w.readUpdatedAt })));
}

/** Several columns of many rows, each row to its own values, CHUNK rows per statement; only rows whose updatedAt is still the one read. */
export async function setColumnsIfUnchanged(
  db: Db, table: string, columns: readonly { name: string; type: ColumnType }[], rows: readonly { id: string; values: readonly unknown[]; readUpdatedAt: Date }[],
): Promise<number> {
  let written = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    written += await updateFromValues(db, table, columns,
      rows.slice(i, i + CHUNK).map((row) => ({ id: row.id, values: row.values, guard: row.readUpdatedAt })), { name: "updatedAt", type: "timestamp" });
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
  for (let i = 0; i < rows.length; i += 200) await updateFromValues(db, table, columns, rows.slice(i, i + 200));
}

/**
 * UPDATE ... FROM (VALUES ...): each row joined to its own values by id (and, with a guard, only
 * while the guard column still holds the value read). A join, where a CASE per column would
 * compare every row with every WHEN: quadratic in the batch. SQLite (3.33+) names the VALUES
 * columns column1, column2, ...; PostgreSQL takes names and needs the values typed.
 */
async function updateFromValues(
  db: Db, table: string, columns: readonly { name: string; type: ColumnType }[],
  rows: readonly { id: string; values: readonly unknown[]; guard?: unknown }[], guard?: { name: string; type: ColumnType },
): Promise<number> {
  if (rows.length === 0) return 0;
  const postgres = databaseKindOf(db) === "postgresql";
  const direct = directQueryOrNull(db);
  if (direct) return (postgres ? updateFromValuesPostgres : updateFromValuesDirect)(direct, table, columns, rows, guard);
  const names = ["id", ...columns.map((_, c) => `c${c}`), ...(guard ? ["g"] : [])];
  const ref = (k: number) => Prisma.raw(postgres ? `v."${names[k]}"` : `v.column${k + 1}`);
  const tuples = Prisma.join(rows.map((row) => Prisma.sql`(${Prisma.join([
    Prisma.sql`${row.id}`, ...columns.map((column, c) => typedValue(db, row.values[c], column.type)),
    ...(guard ? [typedValue(db, row.guard, guard.type)] : []),
  ])})`));
  const alias = Prisma.raw(postgres ? `v(${names.map((n) => `"${n}"`).join(", ")})` : "v");
  const sets = Prisma.join(columns.map((column, c) => Prisma.sql`${Prisma.raw(`"${column.name}"`)} = ${ref(c + 1)}`), ", ");
  const target = Prisma.raw(`"${table}"`);
  const guarded = guard ? Prisma.sql` AND ${target}.${Prisma.raw(`"${guard.name}"`)} = ${ref(columns.length + 1)}` : Prisma.empty;
  return db.$executeRaw`UPDATE ${target} SET ${sets} FROM (VALUES ${tuples}) AS ${alias} WHERE ${target}."id" = ${ref(0)}${guarded}`;
}

/**
 * The same UPDATE on SQLite, straight to the driver: a batch of 500 costs a few milliseconds there
 * against tens through the query builder's raw path. Values bind as Prisma binds them (directSql.ts),
 * so the guard compares with what Prisma wrote.
 */
async function updateFromValuesDirect(
  direct: DirectQuery, table: string, columns: readonly { name: string; type: ColumnType }[],
  rows: readonly { id: string; values: readonly unknown[]; guard?: unknown }[], guard?: { name: string; type: ColumnType },
): Promise<number> {
  const width = 1 + columns.length + (guard ? 1 : 0);
  const tuples = rows.map(() => `(${Array.from({ length: width }, () => "?").join(", ")})`).join(", ");
  const params = valueParams(columns, rows, guard);
  const sets = columns.map((column, c) => `"${column.name}" = v.column${c + 2}`).join(", ");
  const guarded = guard ? ` AND "${table}"."${guard.name}" = v.column${width}` : "";
  const changed = await direct(`UPDATE "${table}" SET ${sets} FROM (VALUES ${tuples}) AS v WHERE "${table}"."id" = v.column1${guarded} RETURNING "${table}"."id"`, params);
  return changed.length;
}

/**
 * The same on PostgreSQL, straight to the pool, one statement: the rows are locked in id order
 * first (a locking CTE sorted by id), as every multi-row write of this app locks them, so two such
 * writes over the same rows wait for each other instead of deadlocking, with no interactive
 * transaction around it (which cost as much as the UPDATE itself). A row changed by another
 * writer while this one waited for its lock fails the guard on its newest version. The values
 * come as one array per column: with a parameter per value, PostgreSQL spent 6-10 ms binding and
 * planning each batch of 500 rows (its 1,500 casts), longer than the UPDATE took.
 */
async function updateFromValuesPostgres(
  direct: DirectQuery, table: string, columns: readonly { name: string; type: ColumnType }[],
  rows: readonly { id: string; values: readonly unknown[]; guard?: unknown }[], guard?: { name: string; type: ColumnType },
): Promise<number> {
  const typed = [{ name: "id", type: "text" as ColumnType }, ...columns, ...(guard ? [guard] : [])];
  const names = ["id", ...columns.map((_, c) => `c${c}`), ...(guard ? ["g"] : [])];
  const arrays = typed.map((_, k) => rows.map((row) => (k === 0 ? row.id : k <= columns.length ? row.values[k - 1] : row.guard)) as SqlScalar[]);
  const sets = columns.map((column, c) => `"${column.name}" = l."c${c}"`).join(", ");
  const guarded = guard ? ` AND t."${guard.name}" = l."g"` : "";
  // the values travel with the locked rows: one join for the UPDATE, which PostgreSQL plans by the primary key
  const changed = await direct(`
    WITH l AS MATERIALIZED (
      SELECT v.* FROM "${table}" r JOIN unnest(${typed.map((column) => `CAST(? AS ${SQL_TYPES[column.type]}[])`).join(", ")}) AS v(${names.map((n) => `"${n}"`).join(", ")}) ON r."id" = v."id"
      ORDER BY r."id" FOR NO KEY UPDATE OF r)
    UPDATE "${table}" t SET ${sets} FROM l WHERE t."id" = l."id"${guarded} RETURNING t."id"`, arrays);
  return changed.length;
}

/** Each row's id, values and guard value in a row, as the VALUES tuples of both direct UPDATEs bind them. */
function valueParams(
  columns: readonly unknown[], rows: readonly { id: string; values: readonly unknown[]; guard?: unknown }[], guard?: unknown,
): SqlValue[] {
  return rows.flatMap((row) => [row.id, ...columns.map((_, c) => row.values[c]), ...(guard ? [row.guard] : [])]) as SqlValue[];
}
