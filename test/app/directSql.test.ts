import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { sqliteDirect } from "../../app/db/directSql";

const opened: Database.Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function twoConnections() {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "dunly-direct-")), "db.sqlite");
  const mine = new Database(file);
  mine.pragma("journal_mode = WAL");
  mine.exec(`CREATE TABLE "Delivery" ("id" TEXT PRIMARY KEY)`);
  const other = new Database(file); // another process's connection, e.g. the worker's
  opened.push(mine, other);
  const direct = sqliteDirect(async () => ({ client: mine, inTurn: (work) => work() }));
  return { mine, other, direct };
}

describe("a direct SQLite statement while another connection holds the write lock", () => {
  it("waits off the event loop and is written once the lock is free", async () => {
    const { mine, other, direct } = twoConnections();
    other.exec("BEGIN IMMEDIATE");
    // the other connection commits from this same event loop: a busy handler sleeping inside
    // SQLite would hold the loop until its timeout, the COMMIT could never run, and the insert would fail
    setTimeout(() => other.exec("COMMIT"), 40);
    await direct(`INSERT INTO "Delivery" ("id") VALUES (?)`, ["d1"]);
    expect(mine.prepare(`SELECT "id" FROM "Delivery"`).all()).toEqual([{ id: "d1" }]);
    // the connection's own busy timeout is back for the statements Prisma sends on it
    expect(mine.pragma("busy_timeout", { simple: true })).toBe(5000);
  });

  it("gives up with a clear error after SQLite's own timeout, having written nothing", async () => {
    const { mine, other, direct } = twoConnections();
    mine.pragma("busy_timeout = 80");
    other.exec("BEGIN IMMEDIATE");
    await expect(direct(`INSERT INTO "Delivery" ("id") VALUES (?)`, ["d2"])).rejects.toThrow(/database is locked/);
    other.exec("ROLLBACK");
    expect(mine.prepare(`SELECT count(*) AS n FROM "Delivery"`).get()).toEqual({ n: 0 });
  });
});
