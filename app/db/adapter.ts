import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { guardSqliteFactory } from "./sqliteGuard";
import { postgresDirect, sqliteDirect } from "./directSql";

export type DatabaseKind = "sqlite" | "postgresql";

export const DEFAULT_DATABASE_URL = "file:./data/dunly.sqlite";

/** SQLite is the embedded default; a postgres:// URL switches to PostgreSQL. */
export function databaseKind(url: string | undefined): DatabaseKind {
  return /^postgres(ql)?:\/\//.test(url ?? "") ? "postgresql" : "sqlite";
}

/** The adapter for Prisma, and the same connection(s) for the few statements sent without it. */
export function createAdapter(url: string | undefined) {
  const resolved = url || DEFAULT_DATABASE_URL;
  if (databaseKind(resolved) === "postgresql") {
    const pool = resilientPool(resolved);
    return { adapter: new PrismaPg(pool, { disposeExternalPool: true }), direct: postgresDirect(pool) };
  }
  const guarded = guardSqliteFactory(new PrismaBetterSQLite3({ url: resolved.replace(/^file:/, "") }));
  return { adapter: guarded, direct: sqliteDirect(guarded.connection) };
}

/**
 * A pool whose connections never take the process down. When PostgreSQL restarts it ends every
 * connection; an error event on a connection nobody listens to at that moment (one just handed
 * back after a failed transaction) would crash Node. Every connection gets a listener for good;
 * the failed query itself still fails, the pool drops the broken connection and opens a new one.
 */
function resilientPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString });
  pool.on("connect", (client) => {
    client.on("error", (error) => console.warn(`database connection lost: ${error.message}`));
  });
  pool.on("error", (error) => console.warn(`database connection lost while idle: ${error.message}`));
  return pool;
}
