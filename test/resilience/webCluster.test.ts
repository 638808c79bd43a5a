/**
 * On PostgreSQL `npm start` uses every core: one web process per core and a worker process under a
 * supervisor that replaces a web process that dies and stops them all with itself. Webhooks sent to the one address are
 * applied once, whichever process answers.
 */
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../app/db/client";
import { freshDatabaseUrl, startAppServer } from "../support/appServer";
import { startPostgres } from "../support/postgresServer";
import { installShop } from "../support/testShop";
import { sendWebhook, settled } from "../support/webhooks";
import { newOrderId, orderPayload } from "../support/orders";

const SHOP = "dunly-cluster.myshopify.com";
const postgres = startPostgres();
afterAll(() => postgres?.stop());

/** The supervisor's children running `script`: the web processes (server/index.mjs) or the worker (server/worker.mjs). */
function children(supervisor: number, script = "server/index.mjs"): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(supervisor), "-f", script], { encoding: "utf8" }).trim().split("\n").filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
}

describe("web processes on PostgreSQL", () => {
  it.skipIf(!postgres)("one per core: all answer, one that dies is replaced, all stop with the supervisor", async () => {
    const databaseUrl = freshDatabaseUrl("cluster", "postgresql", postgres!.url);
    const db = createDb(databaseUrl);
    await installShop(db, SHOP);
    const server = await startAppServer({ DUNLY_WEB_PROCESSES: "2" }, databaseUrl);
    try {
      await expect.poll(() => children(server.pid!).length, { timeout: 30_000 }).toBe(2);
      const first = children(server.pid!);
      expect(children(server.pid!, "server/worker.mjs")).toHaveLength(1);
      const sent = await Promise.all(Array.from({ length: 40 }, () => sendWebhook(server.baseUrl, "orders/create", orderPayload({
        id: newOrderId(), total: "10.00", outstanding: "10.00", financialStatus: "pending", updatedAt: new Date(),
      }), { shop: SHOP })));
      expect(sent.every((s) => s.status === 200)).toBe(true);
      for (const s of sent) expect(await settled(db, s.webhookId, 30_000)).toMatchObject({ status: "done" });
      expect(await db.receivable.count()).toBe(40);

      process.kill(first[0], "SIGKILL");
      await expect.poll(() => {
        const now = children(server.pid!);
        return now.length === 2 && !now.includes(first[0]);
      }, { timeout: 30_000 }).toBe(true);
      expect((await fetch(`${server.baseUrl}/webhooks`)).status).toBe(405);
    } finally {
      const supervisor = server.pid!;
      await server.stop();
      await expect.poll(() => children(supervisor).length + children(supervisor, "server/worker.mjs").length, { timeout: 10_000 }).toBe(0);
      await db.$disconnect();
    }
  });
});
