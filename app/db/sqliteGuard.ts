/**
 * Prisma's better-sqlite3 adapter keeps one connection and lets an interactive transaction hold
 * it through a mutex. Two faults turn a full disk into a zombie that answers 200 and applies
 * nothing (found from outside, hardening issue):
 * - when SQLite has already rolled a transaction back on its own (SQLITE_FULL, SQLITE_IOERR), the
 *   client's ROLLBACK fails and the mutex is never released: every later transaction waits forever;
 * - when COMMIT fails, the connection stays inside the transaction, so every later autocommit write
 *   lands in a transaction that is never committed.
 * This guard owns the transaction mutex instead: a query outside a transaction waits until an open
 * one ends (the connection is shared), and a failed COMMIT or ROLLBACK leaves the connection out of
 * any transaction and the mutex free.
 */
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import type BetterSqlite3 from "better-sqlite3";

/** One turn at a time on the single connection, in arrival order. */
class Turns {
  private tail: Promise<void> = Promise.resolve();

  take(): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => once(release));
    this.tail = this.tail.then(() => mine);
    return ready;
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}

const CLOSING = new Set(["COMMIT", "ROLLBACK"]);

/** Leaves the connection outside any transaction, whatever state a failure left it in. */
function abandonTransaction(client: BetterSqlite3.Database): void {
  if (!client.inTransaction) return;
  try {
    client.exec("ROLLBACK");
  } catch (error) {
    console.error(`database: could not roll back a failed transaction: ${(error as Error).message}`);
  }
}

interface GuardedConnection {
  client: BetterSqlite3.Database;
  /** runs `work` on the connection when no transaction holds it */
  inTurn<T>(work: () => Promise<T>): Promise<T>;
}

function guardAdapter(inner: SqlDriverAdapter & { client: BetterSqlite3.Database }, connected: (connection: GuardedConnection) => void): SqlDriverAdapter {
  const turns = new Turns();
  const { client } = inner;
  connected({ client, inTurn });
  async function inTurn<T>(work: () => Promise<T>): Promise<T> {
    const release = await turns.take();
    try {
      // a transaction that ended without COMMIT or ROLLBACK reaching SQLite must not swallow this query
      abandonTransaction(client);
      return await work();
    } finally {
      release();
    }
  }

  function transaction(release: () => void): Transaction {
    return {
      provider: inner.provider,
      adapterName: inner.adapterName,
      options: { usePhantomQuery: false },
      queryRaw: (query: SqlQuery) => inner.queryRaw(query),
      async executeRaw(query: SqlQuery) {
        if (!CLOSING.has(query.sql)) return inner.executeRaw(query);
        try {
          return await inner.executeRaw(query);
        } catch (error) {
          // SQLite may have rolled back by itself (then ROLLBACK has nothing to do), or kept the
          // transaction open after a failed COMMIT: either way it ends here and the turn is handed on
          abandonTransaction(client);
          release();
          if (query.sql === "ROLLBACK") return 0;
          throw error;
        }
      },
      commit: async () => release(),
      rollback: async () => {
        abandonTransaction(client);
        release();
      },
    };
  }

  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => inTurn(() => inner.queryRaw(query)),
    executeRaw: (query) => inTurn(() => inner.executeRaw(query)),
    executeScript: (script) => inTurn(() => inner.executeScript(script)),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => inner.dispose(),
    async startTransaction(isolationLevel) {
      if (isolationLevel && isolationLevel !== "SERIALIZABLE") return inner.startTransaction(isolationLevel); // the adapter's own error
      const release = await turns.take();
      try {
        abandonTransaction(client);
        client.prepare("BEGIN").run();
      } catch (error) {
        release();
        throw error;
      }
      return transaction(release);
    },
  };
}

/**
 * The adapter factory with every connection it makes guarded. `connection()` is the connection
 * Prisma works on (made on first use), for statements sent without Prisma in the same turns.
 */
export function guardSqliteFactory(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory & { connection: () => Promise<GuardedConnection> } {
  type Guardable = SqlDriverAdapter & { client: BetterSqlite3.Database };
  let current: Promise<GuardedConnection> | null = null;
  let made: ((connection: GuardedConnection) => void) | null = null;
  const connect = async () => {
    const adapter = (await factory.connect()) as Guardable;
    return guardAdapter(adapter, (connection) => {
      if (made) made(connection);
      else current = Promise.resolve(connection);
    });
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect,
    connectToShadowDb: async () => guardAdapter((await factory.connectToShadowDb()) as Guardable, () => undefined),
    connection: () => current ?? (current = new Promise<GuardedConnection>((resolve) => (made = resolve))),
  };
}
