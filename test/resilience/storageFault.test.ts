/**
 * A database that cannot complete a write must never leave the app answering 200 for work it does
 * not do. Before the SQLite guard, a failed COMMIT or ROLLBACK kept the single connection inside a
 * transaction and the transaction mutex locked: later writes landed in a transaction that never
 * committed, and every later transaction waited forever.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, inTransaction, type Db } from "../../app/db/client";
import { freshDatabaseUrl, startAppServer, type AppServer } from "../support/appServer";
import { ensureBuilt } from "../support/buildApp";
import { installShop } from "../support/testShop";
import { sendWebhook, settled } from "../support/webhooks";
import { newOrderId, orderPayload } from "../support/orders";

const delivery = (webhookId: string) => ({
  webhookId, shopDomain: "dunly-fault.myshopify.com", topic: "orders/create", apiVersion: "2025-10", payload: "{}", status: "queued", receivedAt: new Date(),
});
const within = <T,>(ms: number, work: Promise<T>) =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))]);

describe("a failed COMMIT on SQLite", () => {
  it("leaves the connection outside any transaction: later writes commit and later transactions start", async () => {
    const url = freshDatabaseUrl("commit-fault");
    const db = createDb(url);
    const other = new Database(url.replace(/^file:/, ""), { readonly: true });
    try {
      // a deferred foreign key is checked at COMMIT: the COMMIT fails and SQLite keeps the transaction open
      await expect(inTransaction(db, async (tx) => {
        await tx.$executeRawUnsafe("PRAGMA defer_foreign_keys = ON");
        await tx.$executeRawUnsafe(`INSERT INTO "DisputeMessage" ("id", "disputeId", "author", "body", "createdAt") VALUES ('m1', 'no-such-dispute', 'system', 'x', 0)`);
      }, { maxWait: 2_000, timeout: 5_000 })).rejects.toThrow(/FOREIGN KEY|ForeignKeyConstraintViolation/i);

      await within(5_000, db.webhookDelivery.create({ data: delivery("after-commit-fault") }));
      expect(other.prepare(`SELECT count(*) AS n FROM "WebhookDelivery" WHERE "webhookId" = 'after-commit-fault'`).get()).toEqual({ n: 1 });
      expect(other.prepare(`SELECT count(*) AS n FROM "DisputeMessage"`).get()).toEqual({ n: 0 });

      await within(5_000, inTransaction(db, (tx) => tx.webhookDelivery.create({ data: delivery("tx-after-fault") }), { maxWait: 2_000, timeout: 5_000 }));
      await within(5_000, db.webhookDelivery.upsert({ where: { webhookId: "upsert-after" }, create: delivery("upsert-after"), update: {} }));
      expect(other.prepare(`SELECT count(*) AS n FROM "WebhookDelivery"`).get()).toEqual({ n: 3 });
    } finally {
      other.close();
      await db.$disconnect();
    }
  });
});

/** A real full disk needs a small filesystem: a tmpfs, which only root may mount (CI runs as root). */
function mountSmallFilesystem(): string | null {
  const dir = path.join(os.tmpdir(), `dunly-full-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", dir], { stdio: "ignore" });
    return dir;
  } catch {
    return null;
  }
}

const small = mountSmallFilesystem();

describe.skipIf(!small)("the disk fills up under the running app", () => {
  let server: AppServer | undefined;
  afterAll(async () => {
    await server?.stop();
    if (small) execFileSync("umount", ["-l", small]);
  });

  it("answers 503 while it cannot store, and applies every delivery it answered 200 once space is back", async () => {
    ensureBuilt();
    const databaseUrl = `file:${path.join(small!, "app.sqlite")}`;
    execFileSync("npx", ["tsx", "scripts/migrate.ts"], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: "ignore" });
    server = await startAppServer({}, databaseUrl);
    const db: Db = createDb(databaseUrl);
    const domain = "dunly-full.myshopify.com";
    await installShop(db, domain);
    // a long note makes each delivery a few pages of the database
    const order = (note: string) => orderPayload({ id: newOrderId(), total: "80.00", outstanding: "80.00", financialStatus: "pending", updatedAt: new Date() })
      .replace(/}$/, `,"note_attributes_extra":"${note.repeat(20_000)}"}`);

    const fillers: string[] = [];
    for (let i = 0; ; i++) {
      try {
        writeFileSync(path.join(small!, `filler${i}`), Buffer.alloc(16 * 1024));
        fillers.push(path.join(small!, `filler${i}`));
      } catch {
        break;
      }
    }
    const whileFull: { status: number; webhookId: string }[] = [];
    for (let i = 0; i < 6; i++) whileFull.push(await sendWebhook(server.baseUrl, "orders/create", order("x"), { shop: domain }));
    expect(whileFull.map((r) => r.status).filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(whileFull.some((r) => r.status === 503)).toBe(true);

    for (const file of fillers) rmSync(file);
    const afterwards: string[] = [];
    for (let i = 0; i < 5; i++) {
      const sent = await sendWebhook(server.baseUrl, "orders/create", order("y"), { shop: domain });
      expect(sent.status).toBe(200);
      afterwards.push(sent.webhookId);
    }
    // everything answered 200, while full or after, is applied
    const answered = [...whileFull.filter((r) => r.status === 200).map((r) => r.webhookId), ...afterwards];
    for (const webhookId of answered) expect((await settled(db, webhookId, 30_000)).status).toBe("done");
    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ database: "ok", queued: 0 });
    await db.$disconnect();
  });
});
