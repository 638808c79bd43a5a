/**
 * Customer-level follow-up under faults: customers with three due orders each get one grouped email.
 * The scheduler's process is killed while it waits for Resend's answer to one of them, then Resend
 * answers 429 / 500 to a share of requests: every customer still gets exactly one email, and every
 * order's step is recorded as sent in it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { resendMailer } from "../../app/adapters/email/mailer";
import { runSchedulerTick, type TickResult } from "../../app/services/followUp/runScheduler";
import { SEND_LEASE_MS } from "../../app/services/followUp/messageDelivery";
import { seededRandom } from "../../app/domain/seededRandom";
import { freshDatabaseUrl } from "../support/appServer";
import { startFakeResend, type FakeResend } from "../support/fakeResend";
import { installShop } from "../support/testShop";
import { tickAndKill } from "../support/killTick";

const CUSTOMERS = 20;
const ORDERS_EACH = 3;
const API_KEY = "re_kill_test";
const start = new Date("2026-11-23T09:00:00Z");
let db: Db;
let databaseUrl: string;
let resend: FakeResend;

beforeAll(async () => {
  databaseUrl = freshDatabaseUrl("kill-mid-grouped-tick");
  db = createDb(databaseUrl);
  resend = await startFakeResend(API_KEY);
  const { shop } = await installShop(db, "dunly-kill-grouped.myshopify.com");
  for (let i = 0; i < CUSTOMERS; i++) {
    const customer = await db.customer.create({
      data: { shopId: shop.id, gid: `gid://shopify/Customer/${600 + i}`, email: `groep${i}@example.nl`, firstName: `Klant ${i}`, locale: "nl", countryCode: "NL" },
    });
    for (let j = 0; j < ORDERS_EACH; j++) {
      await db.receivable.create({
        data: {
          shopId: shop.id, customerId: customer.id, orderGid: `gid://shopify/Order/${8000 + i * 10 + j}`, orderName: `#G${8000 + i * 10 + j}`, currency: "EUR",
          totalMinor: 5_000n, outstandingMinor: 5_000n, issuedAt: new Date("2026-11-01T10:00:00Z"), dueAt: new Date("2026-11-21T10:00:00Z"),
          status: "open", creditSale: true, financialStatus: "pending", snapshotUpdatedAt: new Date("2026-11-01T10:00:00Z"), snapshot: "{}",
          nextActionAt: start, paymentUrl: `https://shop.example/pay/${i}-${j}`,
        },
      });
    }
  }
}, 120_000);
afterAll(async () => {
  await db.$disconnect();
  await resend.close();
});

describe("a grouped send killed mid-tick, then Resend answering 429 / 500", () => {
  it("every customer gets one email carrying all three orders' steps, exactly once", async () => {
    const { killed, output } = await tickAndKill(databaseUrl, resend, API_KEY, start, 5);
    expect(killed, output).toBe(true);
    const held = await db.message.findMany({ where: { stepKey: "reminder_1", status: "sending" } });
    expect(held).toHaveLength(1);
    expect(await db.message.count({ where: { groupedInto: held[0].id, status: "grouped" } })).toBe(ORDERS_EACH - 1);

    resend.failSome(0.3, seededRandom(5));
    const mailer = resendMailer({ apiKey: API_KEY, baseUrl: resend.baseUrl, maxAttempts: 2, sleep: async () => undefined });
    const totals: TickResult = { planned: 0, sent: 0, skipped: 0, tasks: 0, failed: 0, retried: 0, lostRaces: 0, grouped: 0, heldForShopify: 0, datesMoved: 0 };
    let now = new Date(start.getTime() + 60_000);
    for (let tick = 0; tick < 12; tick++) {
      const result = await runSchedulerTick(db, { clock: () => now, mailer });
      for (const key of Object.keys(totals) as (keyof TickResult)[]) totals[key] += result[key];
      now = new Date(now.getTime() + SEND_LEASE_MS);
    }

    const steps = await db.message.findMany({ where: { stepKey: "reminder_1" }, select: { id: true, status: true, groupedInto: true, providerId: true, sentAt: true } });
    expect(steps).toHaveLength(CUSTOMERS * ORDERS_EACH);
    expect(steps.filter((m) => m.status !== "sent" || !m.sentAt)).toEqual([]);
    const leads = steps.filter((m) => m.groupedInto === null);
    expect(leads).toHaveLength(CUSTOMERS);
    for (const lead of leads) expect(steps.filter((m) => m.groupedInto === lead.id)).toHaveLength(ORDERS_EACH - 1);
    // Resend accepted one email per customer, even the one the killed process sent
    expect(resend.emails).toHaveLength(CUSTOMERS);
    expect(new Set(resend.emails.map((e) => (e.body.to as string[])[0])).size).toBe(CUSTOMERS);
    expect(new Set(leads.map((m) => m.providerId))).toEqual(new Set(resend.emails.map((e) => e.id)));
    expect(resend.attempts.filter((a) => a.status === 429 || a.status === 500).length).toBeGreaterThan(0);
    expect(totals.retried).toBeGreaterThan(0);
  });
});
