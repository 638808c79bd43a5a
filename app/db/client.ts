import { PrismaClient as SqliteClient } from "../../generated/sqlite/client";
import { PrismaClient as PostgresClient } from "../../generated/postgresql/client";
import { createAdapter, databaseKind, DEFAULT_DATABASE_URL, type DatabaseKind } from "./adapter";
import type { DirectQuery } from "./directSql";

/** Both generated clients share one API; the SQLite one names the type. */
export type Db = SqliteClient;
/** Raw SQL fragments (Prisma.sql, Prisma.join): the same for both clients, so services take them from here. */
export { Prisma } from "../../generated/sqlite/client";

const kinds = new WeakMap<object, DatabaseKind>();
const directs = new WeakMap<object, DirectQuery>();

/** The client's own connection without the query builder (see directSql.ts). */
export function directQueryOf(db: Db): DirectQuery {
  const direct = directs.get(db);
  if (!direct) throw new Error("no direct connection for this client (a transaction's client has none)");
  return direct;
}

/** The same, or null for a client without one (a transaction's must stay inside its transaction; an extended one). */
export function directQueryOrNull(db: Db): DirectQuery | null {
  return directs.get(db) ?? null;
}

/** Which database a client talks to, for the few places where the two differ (row locks). */
export function databaseKindOf(db: Db): DatabaseKind {
  return kinds.get(db) ?? "sqlite";
}

/** An interactive transaction whose client answers databaseKindOf like the client it came from. */
export function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>, options: { maxWait: number; timeout: number }): Promise<T> {
  return db.$transaction(async (tx) => {
    kinds.set(tx, databaseKindOf(db));
    return work(tx as Db);
  }, options);
}

const WAL_CHECKPOINT_PAGES = 10_000;

export function createDb(url: string = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): Db {
  const { adapter, direct } = createAdapter(url);
  if (databaseKind(url) === "postgresql") {
    const client = new PostgresClient({ adapter }) as unknown as Db;
    kinds.set(client, "postgresql");
    directs.set(client, direct);
    return client;
  }
  const client = new SqliteClient({ adapter });
  // the direct statements use the connection Prisma makes: make it if no query has yet
  let connected: Promise<void> | null = null;
  directs.set(client, async (sql, params) => {
    await (connected ??= client.$connect());
    return direct(sql, params);
  });
  // WAL is set once by the migration runner; NORMAL syncs at checkpoints instead of every commit,
  // which WAL keeps crash-safe. The adapter holds one connection, so this covers every query.
  void client.$queryRawUnsafe("PRAGMA synchronous = NORMAL").catch(() => undefined);
  // a checkpoint copies each page once however often it changed since the last one: at SQLite's
  // default of 1,000 pages a re-plan of the book copied the same pages again every second batch
  // (its writes 30 % slower); 10,000 pages keep the log under 40 MB
  void client.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`).catch(() => undefined);
  return client;
}
