/**
 * A statement straight to the driver, for the path where the query builder's cost decides the
 * throughput: storing a webhook while Shopify waits. Measured here, a Prisma query costs 0.5-1.7 ms
 * and the statement itself 20-80 µs. Values are bound as Prisma binds them, so the rows read the
 * same through Prisma: dates as ISO text on SQLite, as UTC timestamps on PostgreSQL.
 */
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";

export type SqlScalar = string | number | boolean | Date | null;
/** An array binds as one PostgreSQL array parameter (`CAST(? AS text[])`); SQLite has none. */
export type SqlValue = SqlScalar | readonly SqlScalar[];

/**
 * `sql` with ? placeholders; returns the rows (of RETURNING, for writes). `inIndexOrder`: a page
 * read (ORDER BY ... LIMIT) that must walk its index in order; PostgreSQL otherwise sorts every
 * matching row when its statistics lag behind a mass update (they said 13 rows due where 25,000
 * were: 37 ms a page instead of 1). SQLite plans by its indexes and needs no telling.
 */
export type DirectQuery = (sql: string, params: readonly SqlValue[], options?: { inIndexOrder?: boolean }) => Promise<Record<string, unknown>[]>;

/**
 * On SQLite's one connection, in its turn (never inside another caller's transaction); statements
 * prepared once. A statement that finds the database locked by another process (the worker's
 * write) does not wait in SQLite's busy handler, which sleeps the whole event loop in steps of
 * 1-100 ms: it gives the turn back and is tried again a millisecond later, so requests that do not
 * need the lock go on meanwhile. A statement outside a transaction that fails busy changed nothing.
 */
export function sqliteDirect(connection: () => Promise<{ client: BetterSqlite3.Database; inTurn: <T>(work: () => Promise<T>) => Promise<T> }>): DirectQuery {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const bind = (value: SqlValue) => {
    if (Array.isArray(value)) throw new Error("SQLite binds no arrays");
    return value instanceof Date ? value.toISOString().replace("Z", "+00:00") : typeof value === "boolean" ? Number(value) : value;
  };
  return async (sql, params) => {
    const values = params.map(bind);
    const started = Date.now();
    for (;;) {
      const { client, inTurn } = await connection();
      const rows = await inTurn(async () => {
        let statement = statements.get(sql);
        if (!statement) statements.set(sql, (statement = client.prepare(sql)));
        return withoutBusyWait(client, statement, values);
      });
      if (rows !== LOCKED) return rows;
      const waitAtMost = ownBusyTimeoutOf(client);
      if (Date.now() - started >= waitAtMost) throw new Error(`database is locked (waited ${waitAtMost} ms)`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };
}

const LOCKED = Symbol("locked");
/** Each connection's own busy timeout: what Prisma's statements on it wait (better-sqlite3's default, 5 s). */
const ownBusyTimeouts = new WeakMap<BetterSqlite3.Database, number>();

function ownBusyTimeoutOf(client: BetterSqlite3.Database): number {
  let ms = ownBusyTimeouts.get(client);
  if (ms === undefined) ownBusyTimeouts.set(client, (ms = Number(client.pragma("busy_timeout", { simple: true }))));
  return ms;
}

/**
 * Runs the statement with the busy timeout lifted. A PRAGMA that sets the busy timeout takes effect
 * when it is prepared, not when it runs, so it cannot be kept as a prepared statement.
 */
function withoutBusyWait(client: BetterSqlite3.Database, statement: BetterSqlite3.Statement, values: unknown[]): Record<string, unknown>[] | typeof LOCKED {
  const own = ownBusyTimeoutOf(client);
  client.pragma("busy_timeout = 0");
  try {
    // the values as one array: spread into the call, a batch's 1,500 of them cost 2-3 µs a row more
    return statement.reader ? (statement.all(values) as Record<string, unknown>[]) : (statement.run(values), []);
  } catch (error) {
    // SQLITE_BUSY and its extended codes (SQLITE_BUSY_RECOVERY: another connection recovering the WAL)
    if (String((error as { code?: string }).code ?? "").startsWith("SQLITE_BUSY")) return LOCKED;
    throw error;
  } finally {
    client.pragma(`busy_timeout = ${own}`);
  }
}

/** On PostgreSQL through the pool Prisma's adapter uses. */
export function postgresDirect(pool: pg.Pool): DirectQuery {
  const texts = new Map<string, string>();
  // timestamp(3) columns hold UTC without a zone, as Prisma writes them (pg would write a Date in an array in local time)
  const bindScalar = (value: SqlScalar) => (value instanceof Date ? value.toISOString().replace("Z", "") : value);
  const bind = (value: SqlValue) => (Array.isArray(value) ? value.map(bindScalar) : bindScalar(value as SqlScalar));
  return async (sql, params, options) => {
    let text = texts.get(sql);
    if (text === undefined) {
      let n = 0;
      texts.set(sql, (text = sql.replace(/\?/g, () => `$${++n}`)));
    }
    if (!options?.inIndexOrder) return (await pool.query(text, params.map(bind))).rows;
    const client = await pool.connect();
    try {
      // SET LOCAL ends with the transaction: the pooled connection goes back as it came
      await client.query("BEGIN");
      await client.query("SET LOCAL enable_sort = off");
      const { rows } = await client.query(text, params.map(bind));
      await client.query("COMMIT");
      return rows;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}
