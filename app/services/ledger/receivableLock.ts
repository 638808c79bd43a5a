/**
 * One writer at a time per receivable. Recomputing a receivable reads its facts and writes the
 * result; two writers interleaving could write a result that misses the other's fact.
 * Within a process a queue per receivable orders them; across processes (PostgreSQL) a row lock
 * held for a transaction does. SQLite deployments are one process, and its driver shares one
 * connection, where an open transaction would take in other requests' statements: no
 * transaction there.
 */
import { Prisma, databaseKindOf, inTransaction, type Db } from "../../db/client";

const queues = new Map<string, Promise<unknown>>();

async function inProcessOrder<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = queues.get(key) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(work);
  queues.set(key, mine);
  try {
    return await mine;
  } finally {
    if (queues.get(key) === mine) queues.delete(key);
  }
}

/** Runs `work` as the only writer of the shop's receivable for this order; `work` uses the client it is given. */
export function withReceivableLock<T>(db: Db, shopId: string, orderGid: string, work: (db: Db) => Promise<T>): Promise<T> {
  return inProcessOrder(`${shopId} ${orderGid}`, () => {
    if (databaseKindOf(db) !== "postgresql") return work(db);
    return inTransaction(db, async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "Receivable" WHERE "shopId" = ${shopId} AND "orderGid" = ${orderGid} FOR UPDATE`;
      return work(tx);
    }, { maxWait: 20_000, timeout: 60_000 });
  });
}

/**
 * Runs `work` (writes to many receivables at once) holding the row locks of the receivables that
 * match `where`, taken in id order. PostgreSQL locks the rows of a multi-row UPDATE in whatever
 * order its plan reads them; two such writes over the same rows (two schedulers' batch writes, a
 * segment edit re-planning the shop) could each hold rows the other waits for: a deadlock. With
 * every multi-row write locking in one order, they wait for each other instead.
 */
export function withReceivablesLocked<T>(db: Db, where: Prisma.Sql, work: (db: Db) => Promise<T>): Promise<T> {
  if (databaseKindOf(db) !== "postgresql") return work(db);
  return inTransaction(db, async (tx) => {
    // NO KEY UPDATE is the lock the UPDATE itself takes: rows pointing at these (a new message) can still be inserted
    await tx.$executeRaw`SELECT 1 FROM "Receivable" WHERE ${where} ORDER BY "id" FOR NO KEY UPDATE`;
    return work(tx);
  }, { maxWait: 20_000, timeout: 120_000 });
}

/** The `where` of withReceivablesLocked for a list of receivable ids. */
export function receivableIdIn(ids: string[]): Prisma.Sql {
  return ids.length ? Prisma.sql`"id" IN (${Prisma.join(ids)})` : Prisma.sql`FALSE`;
}

/**
 * Runs `work` over the receivables of these orders as one unit: under their row locks on
 * PostgreSQL, in one transaction on SQLite (whose shared connection lets nothing interleave).
 */
export function withOrdersLocked<T>(db: Db, shopId: string, orderGids: string[], work: (db: Db) => Promise<T>): Promise<T> {
  if (databaseKindOf(db) === "postgresql") {
    return withReceivablesLocked(db, Prisma.sql`"shopId" = ${shopId} AND "orderGid" IN (${Prisma.join(orderGids)})`, work);
  }
  return inTransaction(db, work, { maxWait: 20_000, timeout: 120_000 });
}
