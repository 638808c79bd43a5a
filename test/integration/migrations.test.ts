import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

const migrate = (url: string, upTo?: string) =>
  execFileSync("npx", ["tsx", "scripts/migrate.ts"], { env: { ...process.env, DATABASE_URL: url, DUNLY_MIGRATE_UP_TO: upTo ?? "" } }).toString();

describe("SQLite upgrade path", () => {
  it("a table rebuild keeps the rows that point at it (no cascade through the old table)", () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "dunly-upgrade-")), "db.sqlite");
    migrate(`file:${file}`, "20261123000000_init");
    const db = new Database(file);
    db.prepare(`INSERT INTO Shop (id, domain, name, currency, installedAt) VALUES ('s1', 'a.myshopify.com', 'A', 'EUR', 1)`).run();
    db.prepare(`INSERT INTO Customer (id, shopId, gid) VALUES ('c1', 's1', 'gid://shopify/Customer/1')`).run();
    db.prepare(`INSERT INTO Receivable (id, shopId, orderGid, orderName, customerId, currency, totalMinor, outstandingMinor, issuedAt, dueAt,
      status, creditSale, financialStatus, snapshotUpdatedAt, snapshot, updatedAt)
      VALUES ('r1', 's1', 'gid://shopify/Order/1', '#1', 'c1', 'EUR', 100, 100, 1, 1, 'open', 1, 'pending', 1, '{}', 1)`).run();
    db.close();
    expect(migrate(`file:${file}`)).toMatch(/applied 20261123010000_reminders/);
    const after = new Database(file);
    expect(after.prepare(`SELECT (SELECT count(*) FROM Customer) AS customers, (SELECT count(*) FROM Receivable) AS receivables,
      (SELECT timeZone FROM Shop) AS timeZone`).get()).toEqual({ customers: 1, receivables: 1, timeZone: "Europe/Amsterdam" });
    after.close();
    expect(migrate(`file:${file}`)).toMatch(/up to date/);
  });
});
