import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { outboxMailer } from "../../app/adapters/email/mailer";
import { experimentResults, promoteVariant } from "../../app/services/insight/experimentResults";
import { DEFAULT_FLOW, type FlowStep } from "../../app/domain/flows";
import { variantsFrom } from "../../app/domain/experiments";
import { freshDatabaseUrl } from "../support/appServer";

const DAY = 86_400_000;
const now = new Date("2026-11-23T10:00:00Z");
let db: Db;

beforeAll(() => {
  db = createDb(freshDatabaseUrl("experiments", inject("databaseKind")));
});
afterAll(async () => {
  await db.$disconnect();
});

describe("A/B experiments on a reminder step", () => {
  it("splits receivables stably between variants, reports paid-within rates, and promotes the winner", async () => {
    const shop = await db.shop.create({ data: { domain: "dunly-ab.myshopify.com", name: "AB", currency: "EUR", installedAt: now } });
    const steps: FlowStep[] = DEFAULT_FLOW.map((s) => s.key === "reminder_1"
      ? { ...s, variants: [{ key: "friendly" }, { key: "firm", tone: "firm", subjectPrefix: "Action needed:" }] } : s);
    await db.segment.create({ data: { shopId: shop.id, name: "Default", position: 1, isDefault: true, steps: JSON.stringify(steps) } });
    for (let i = 0; i < 40; i++) {
      const customer = await db.customer.create({ data: { shopId: shop.id, gid: `gid://shopify/Customer/${i}`, email: `c${i}@example.nl`, locale: "en" } });
      await db.receivable.create({ data: {
        shopId: shop.id, orderGid: `gid://shopify/Order/${i}`, orderName: `#${i}`, customerId: customer.id, currency: "EUR", totalMinor: 5000n,
        outstandingMinor: 5000n, issuedAt: new Date(now.getTime() - 16 * DAY), dueAt: new Date(now.getTime() - 2 * DAY), status: "open",
        creditSale: true, financialStatus: "pending", snapshotUpdatedAt: now, snapshot: "{}", nextActionAt: now,
      } });
    }
    await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer });
    const messages = await db.message.findMany({ where: { shopId: shop.id, stepKey: "reminder_1" }, include: { receivable: true } });
    expect(messages).toHaveLength(40);
    const firm = messages.filter((m) => m.variant === "firm");
    const friendly = messages.filter((m) => m.variant === "friendly");
    expect(firm.length).toBeGreaterThan(8);
    expect(friendly.length).toBeGreaterThan(8);
    for (const m of firm) expect(m.subject).toMatch(/^Action needed: /);

    // history: every firm one pays within 5 days, half of the friendly ones after 10
    for (const m of firm) await db.receivable.update({ where: { id: m.receivableId }, data: { status: "paid", paidAt: new Date(now.getTime() + 5 * DAY) } });
    for (const m of friendly.slice(0, Math.floor(friendly.length / 2))) {
      await db.receivable.update({ where: { id: m.receivableId }, data: { status: "paid", paidAt: new Date(now.getTime() + 10 * DAY) } });
    }
    const within7 = await experimentResults(db, shop.id, 7);
    expect(within7.map((r) => [r.variant, r.sent, r.paid, r.rate])).toEqual([
      ["firm", firm.length, firm.length, 100], ["friendly", friendly.length, 0, 0],
    ]);
    const within14 = await experimentResults(db, shop.id, 14);
    expect(within14.find((r) => r.variant === "friendly")!.paid).toBe(Math.floor(friendly.length / 2));

    const asked = (await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).replanRequested;
    expect(await promoteVariant(db, shop.id, "reminder_1", "firm")).toBe(1);
    // the flow changed: the next tick plans the shop's open receivables by it
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).replanRequested).toBe(asked + 1);
    const promoted = (JSON.parse((await db.segment.findFirstOrThrow({ where: { shopId: shop.id } })).steps) as FlowStep[]).find((s) => s.key === "reminder_1")!;
    expect(promoted).toMatchObject({ tone: "firm" });
    expect(promoted.variants).toBeUndefined();
  });

  it("a send-hour experiment sends each variant in its own local hour; 'send now' does not wait", async () => {
    const shop = await db.shop.create({ data: { domain: "dunly-ab-hours.myshopify.com", name: "AB hours", currency: "EUR", installedAt: now } });
    const steps: FlowStep[] = DEFAULT_FLOW.map((s) => s.key === "reminder_1" ? { ...s, variants: variantsFrom([], [9, 15]) } : s);
    await db.segment.create({ data: { shopId: shop.id, name: "Default", position: 1, isDefault: true, steps: JSON.stringify(steps) } });
    // 07:30 UTC = 08:30 in Amsterdam: reminder 1 is due for all, no variant's hour yet
    const morning = new Date("2026-11-23T07:30:00Z");
    for (let i = 0; i < 30; i++) {
      await db.receivable.create({ data: {
        shopId: shop.id, orderGid: `gid://shopify/Order/h${i}`, orderName: `#H${i}`, currency: "EUR", totalMinor: 5000n, outstandingMinor: 5000n,
        issuedAt: new Date(morning.getTime() - 16 * DAY), dueAt: new Date(morning.getTime() - 2 * DAY), status: "open", creditSale: true,
        financialStatus: "pending", snapshotUpdatedAt: morning, snapshot: "{}", nextActionAt: morning, sendNextNow: i === 0,
      } });
    }
    const tick = (at: string) => runSchedulerTick(db, { clock: () => new Date(at), mailer: outboxMailer });
    // the variants sent so far, but for #H0's (staff asked to send it now)
    const sentVariants = async () => (await db.message.findMany({
      where: { shopId: shop.id, stepKey: "reminder_1", receivable: { orderName: { not: "#H0" } } },
    })).map((m) => m.variant);
    await tick("2026-11-23T07:30:00Z");
    // only the order staff asked to send now went out; the others wait for 09:00 or 15:00 local
    expect(await db.message.count({ where: { shopId: shop.id, stepKey: "reminder_1" } })).toBe(1);
    expect(await sentVariants()).toEqual([]);
    const waiting = await db.receivable.findMany({ where: { shopId: shop.id, sendNextNow: false, messages: { none: { stepKey: "reminder_1" } } } });
    expect(waiting).toHaveLength(29);
    expect(new Set(waiting.map((r) => r.nextActionAt!.toISOString()))).toEqual(new Set(["2026-11-23T08:00:00.000Z", "2026-11-23T14:00:00.000Z"]));
    await tick("2026-11-23T08:01:00Z");
    const at9 = await sentVariants();
    expect(at9.length).toBeGreaterThan(5);
    expect(at9.every((v) => v === "9h")).toBe(true);
    await tick("2026-11-23T14:01:00Z");
    const all = await db.message.findMany({ where: { shopId: shop.id, stepKey: "reminder_1" } });
    expect(all).toHaveLength(30);
    // each went out in its own hour: 09:00 local is 08:00 UTC, 15:00 local is 14:00 UTC
    for (const m of all.filter((x) => x.sentAt!.getTime() > Date.parse("2026-11-23T07:30:00Z"))) {
      expect(m.sentAt!.getUTCHours()).toBe(m.variant === "9h" ? 8 : 14);
    }
  });
});