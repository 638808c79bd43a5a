/**
 * The scheduler's process is killed in the middle of a tick while it sends through Resend, and
 * Resend then answers 429 / 500 to a share of requests: the next ticks finish the job, every
 * customer gets their reminder exactly once.
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

const RECEIVABLES = 60;
const API_KEY = "re_kill_test";
const start = new Date("2026-11-23T09:00:00Z");
let db: Db;
let databaseUrl: string;
let resend: FakeResend;

beforeAll(async () => {
  databaseUrl = freshDatabaseUrl("kill-mid-tick");
  db = createDb(databaseUrl);
  resend = await startFakeResend(API_KEY);
  const { shop } = await installShop(db, "dunly-kill.myshopify.com");
  for (let i = 0; i < RECEIVABLES; i++) {
    const customer = await db.customer.create({
      data: { shopId: shop.id, gid: `gid://shopify/Customer/${500 + i}`, email: `klant${i}@example.nl`, firstName: `Klant ${i}`, locale: "nl", countryCode: "NL" },
    });
    await db.receivable.create({
      data: {
        shopId: shop.id, customerId: customer.id, orderGid: `gid://shopify/Order/${7000 + i}`, orderName: `#K${7000 + i}`, currency: "EUR",
        totalMinor: 12_500n, outstandingMinor: 12_500n, issuedAt: new Date("2026-11-01T10:00:00Z"), dueAt: new Date("2026-11-21T10:00:00Z"),
        status: "open", creditSale: true, financialStatus: "pending", snapshotUpdatedAt: new Date("2026-11-01T10:00:00Z"), snapshot: "{}",
        nextActionAt: start, paymentUrl: `https://shop.example/pay/${i}`,
      },
    });
  }
}, 120_000);
afterAll(async () => {
  await db.$disconnect();
  await resend.close();
});

describe("a scheduler process killed mid-tick, then Resend answering 429 / 500", () => {
  it("resumes on the next ticks and sends every reminder exactly once", async () => {
    const { killed, output } = await tickAndKill(databaseUrl, resend, API_KEY, start, 15);
    expect(killed, output).toBe(true);
    expect(resend.emails).toHaveLength(16);
    // the send in hand is held for its lease, recorded as not yet sent although Resend has it
    const held = await db.message.findMany({ where: { stepKey: "reminder_1", status: "sending" } });
    expect(held).toHaveLength(1);
    expect(resend.emails[15].idempotencyKey).toBe(`dunly:${held[0].id}`);

    resend.failSome(0.3, seededRandom(3));
    const mailer = resendMailer({ apiKey: API_KEY, baseUrl: resend.baseUrl, maxAttempts: 2, sleep: async () => undefined });
    const totals: TickResult = { planned: 0, sent: 0, skipped: 0, tasks: 0, failed: 0, retried: 0, lostRaces: 0, grouped: 0, heldForShopify: 0, datesMoved: 0 };
    let now = new Date(start.getTime() + 60_000);
    for (let tick = 0; tick < 12; tick++) {
      const result = await runSchedulerTick(db, { clock: () => now, mailer });
      for (const key of Object.keys(totals) as (keyof TickResult)[]) totals[key] += result[key];
      now = new Date(now.getTime() + SEND_LEASE_MS);
    }

    const reminders = await db.message.findMany({ where: { stepKey: "reminder_1" }, select: { receivableId: true, status: true, idempotencyKey: true, providerId: true } });
    expect(reminders).toHaveLength(RECEIVABLES);
    expect(reminders.filter((m) => m.status !== "sent")).toEqual([]);
    // Resend accepted one email per receivable, each under its own key, even those the killed process sent
    expect(resend.emails).toHaveLength(RECEIVABLES);
    expect(new Set(resend.emails.map((e) => (e.body.to as string[])[0])).size).toBe(RECEIVABLES);
    expect(new Set(reminders.map((m) => m.providerId))).toEqual(new Set(resend.emails.map((e) => e.id)));
    // the faults really happened: retries after 429 / 500 and takeovers of the killed process's sends
    expect(resend.attempts.filter((a) => a.status === 429).length).toBeGreaterThan(0);
    expect(resend.attempts.filter((a) => a.status === 500).length).toBeGreaterThan(0);
    expect(totals.retried).toBeGreaterThan(0);
    expect(await db.task.count({ where: { kind: "delivery_failed" } })).toBe(0);
  });
});
