/**
 * One writer at a time per receivable. Recomputing a receivable reads its facts and writes the
 * result; two writers interleaving could write a result that misses the other's fact.
 * Within a process a queue per receivable orders them; across processes (PostgreSQL) a row lock
 * held for a transaction does. SQLite deployments are one process, and its driver shares one
 * connection, where an open transaction would take in other requests' statements: no
 * transaction there.
 */
import { databaseKindOf, type Db } from "../db/client";

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
    return db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "Receivable" WHERE "shopId" = ${shopId} AND "orderGid" = ${orderGid} FOR UPDATE`;
      return work(tx as Db);
    }, { maxWait: 20_000, timeout: 60_000 });
  });
}
