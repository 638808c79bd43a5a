/**
 * A statement straight to the driver, for the path where the query builder's cost decides the
 * throughput: storing a webhook while Shopify waits. Measured here, a Prisma query costs 0.5-1.7 ms
 * and the statement itself 20-80 µs. Values are bound as Prisma binds them, so the rows read the
 * same through Prisma: dates as ISO text on SQLite, as UTC timestamps on PostgreSQL.
 */
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";

export type SqlValue = string | number | boolean | Date | null;

/** `sql` with ? placeholders; returns the rows (of RETURNING, for writes). */
export type DirectQuery = (sql: string, params: readonly SqlValue[]) => Promise<Record<string, unknown>[]>;

/** On SQLite's one connection, in its turn (never inside another caller's transaction); statements prepared once. */
export function sqliteDirect(connection: () => Promise<{ client: BetterSqlite3.Database; inTurn: <T>(work: () => Promise<T>) => Promise<T> }>): DirectQuery {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const bind = (value: SqlValue) => (value instanceof Date ? value.toISOString().replace("Z", "+00:00") : typeof value === "boolean" ? Number(value) : value);
  return async (sql, params) => {
    const { client, inTurn } = await connection();
    return inTurn(async () => {
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = client.prepare(sql)));
      const values = params.map(bind);
      return statement.reader ? (statement.all(...values) as Record<string, unknown>[]) : (statement.run(...values), []);
    });
  };
}

/** On PostgreSQL through the pool Prisma's adapter uses. */
export function postgresDirect(pool: pg.Pool): DirectQuery {
  const texts = new Map<string, string>();
  // timestamp(3) columns hold UTC without a zone, as Prisma writes them
  const bind = (value: SqlValue) => (value instanceof Date ? value.toISOString().replace("Z", "") : value);
  return async (sql, params) => {
    let text = texts.get(sql);
    if (text === undefined) {
      let n = 0;
      texts.set(sql, (text = sql.replace(/\?/g, () => `$${++n}`)));
    }
    return (await pool.query(text, params.map(bind))).rows;
  };
}
