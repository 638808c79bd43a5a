import { PrismaClient as SqliteClient } from "../../generated/sqlite/client";
import { PrismaClient as PostgresClient } from "../../generated/postgresql/client";
import { createAdapter, databaseKind, DEFAULT_DATABASE_URL, type DatabaseKind } from "./adapter";

/** Both generated clients share one API; the SQLite one names the type. */
export type Db = SqliteClient;

const kinds = new WeakMap<object, DatabaseKind>();

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

export function createDb(url: string = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): Db {
  const adapter = createAdapter(url);
  if (databaseKind(url) === "postgresql") {
    const client = new PostgresClient({ adapter }) as unknown as Db;
    kinds.set(client, "postgresql");
    return client;
  }
  const client = new SqliteClient({ adapter });
  // WAL is set once by the migration runner; NORMAL syncs at checkpoints instead of every commit,
  // which WAL keeps crash-safe. The adapter holds one connection, so this covers every query.
  void client.$queryRawUnsafe("PRAGMA synchronous = NORMAL").catch(() => undefined);
  return client;
}
