import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { outboxMailer } from "../../app/adapters/email/mailer";
import { applyOrderSnapshot } from "../../app/services/ledger/ledgerStore";
import { asCurrency } from "../../app/domain/money";
import { DEFAULT_FLOW, type FlowStep } from "../../app/domain/flows";
import { freshDatabaseUrl } from "../support/appServer";

const DAY = 86_400_000;
const now = new Date("2026-11-23T10:00:00Z");
let db: Db;

beforeAll(async () => {
  db = createDb(freshDatabaseUrl("segments", inject("databaseKind")));
});
afterAll(async () => {
  await db.$disconnect();
});

describe("segments pick the flow per customer", () => {
  it("a high-risk customer (by payment behaviour) gets the firm flow; others the default; B2B its own", async () => {
    const shop = await db.shop.create({ data: { domain: "dunly-segments.myshopify.com", name: "Segments", currency: "EUR", installedAt: now } });
    const firm: FlowStep[] = [{ key: "firm_call", offsetDays: 1, channel: "task", purpose: "reminder", tone: "firm", chargesFee: false }];
    const b2b: FlowStep[] = [{ key: "b2b_email", offsetDays: 1, channel: "email", purpose: "reminder", tone: "neutral", chargesFee: false }];
    await db.segment.createMany({ data: [
      { shopId: shop.id, name: "High risk", position: 1, conditions: JSON.stringify([{ field: "riskLevel", in: ["high"] }]), steps: JSON.stringify(firm) },
      { shopId: shop.id, name: "B2B", position: 2, conditions: JSON.stringify([{ field: "isCompany", equals: true }]), steps: JSON.stringify(b2b) },
      { shopId: shop.id, name: "Default", position: 3, isDefault: true, steps: JSON.stringify(DEFAULT_FLOW) },
    ] });
    const order = async (customerId: string, n: number, dueDaysAgo: number, paidLateDays: number | null) => {
      const orderGid = `gid://shopify/Order/${n}`;
      await applyOrderSnapshot(db, shop, {
        orderGid, orderName: `#S${n}`, currency: asCurrency("EUR"), issuedAt: new Date(now.getTime() - (dueDaysAgo + 14) * DAY), updatedAt: new Date(now.getTime() - DAY),
        totalMinor: 5000, outstandingMinor: paidLateDays === null ? 5000 : 0, financialStatus: paidLateDays === null ? "pending" : "paid",
        cancelledAt: null, customerGid: null, paymentTerms: null, paymentUrl: null, test: false,
      });
      const paidAt = paidLateDays === null ? null : new Date(now.getTime() - (dueDaysAgo - paidLateDays) * DAY);
      await db.receivable.update({ where: { shopId_orderGid: { shopId: shop.id, orderGid } }, data: { customerId, paidAt, creditSale: true } });
    };
    const late = await db.customer.create({ data: { shopId: shop.id, gid: "gid://shopify/Customer/1", email: "late@example.nl" } });
    const good = await db.customer.create({ data: { shopId: shop.id, gid: "gid://shopify/Customer/2", email: "good@example.nl" } });
    const company = await db.customer.create({ data: { shopId: shop.id, gid: "gid://shopify/Customer/3", email: "ap@firma.example", company: "Firma BV" } });
    await order(late.id, 1, 200, 75); // paid 75 days late once
    await order(late.id, 2, 2, null);
    await order(good.id, 3, 2, null);
    await order(company.id, 4, 2, null);

    await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer });
    const steps = async (n: number) => (await db.message.findMany({ where: { receivable: { orderGid: `gid://shopify/Order/${n}` } } })).map((m) => m.stepKey).sort();
    expect(await steps(2)).toEqual(["firm_call"]);
    expect(await steps(3)).toEqual(["pre_due", "reminder_1"]);
    expect(await steps(4)).toEqual(["b2b_email"]);
    expect(await db.customer.findUniqueOrThrow({ where: { id: late.id } })).toMatchObject({ riskLevel: "high" });
    const highRisk = await db.segment.findFirstOrThrow({ where: { shopId: shop.id, name: "High risk" } });
    expect((await db.receivable.findFirstOrThrow({ where: { orderGid: "gid://shopify/Order/2" } })).segmentId).toBe(highRisk.id);
  });

  it("a segment by the late-payment forecast takes the receivables predicted likely late; the others keep their flow", async () => {
    const shop = await db.shop.create({ data: { domain: "dunly-segments-forecast.myshopify.com", name: "Forecast", currency: "EUR", installedAt: now } });
    const call: FlowStep[] = [{ key: "call_first", offsetDays: 1, channel: "task", purpose: "reminder", tone: "friendly", chargesFee: false }];
    await db.segment.createMany({ data: [
      { shopId: shop.id, name: "Likely late", position: 1, conditions: JSON.stringify([{ field: "lateProbability", min: 0.6 }]), steps: JSON.stringify(call) },
      { shopId: shop.id, name: "Default", position: 2, isDefault: true, steps: JSON.stringify(DEFAULT_FLOW) },
    ] });
    const customer = await db.customer.create({ data: { shopId: shop.id, gid: "gid://shopify/Customer/9", email: "f@example.nl" } });
    for (const [n, chance] of [[21, 0.8], [22, 0.3], [23, null]] as const) {
      const orderGid = `gid://shopify/Order/${n}`;
      await applyOrderSnapshot(db, shop, {
        orderGid, orderName: `#F${n}`, currency: asCurrency("EUR"), issuedAt: new Date(now.getTime() - 20 * DAY), updatedAt: new Date(now.getTime() - DAY),
        totalMinor: 5000, outstandingMinor: 5000, financialStatus: "pending", cancelledAt: null, customerGid: null, paymentTerms: null, paymentUrl: null, test: false,
      });
      const receivable = await db.receivable.update({ where: { shopId_orderGid: { shopId: shop.id, orderGid } }, data: { customerId: n === 23 ? null : customer.id, creditSale: true } });
      if (chance !== null) {
        await db.paymentForecast.create({ data: { shopId: shop.id, receivableId: receivable.id, lateProbability: chance, bucket: "late_1_30", atRiskMinor: BigInt(5000 * chance), scoredAt: now } });
      }
    }
    await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer });
    const segmentOf = async (n: number) => (await db.segment.findUniqueOrThrow({ where: { id: (await db.receivable.findFirstOrThrow({ where: { shopId: shop.id, orderGid: `gid://shopify/Order/${n}` } })).segmentId! } })).name;
    expect(await segmentOf(21)).toBe("Likely late");
    expect(await segmentOf(22)).toBe("Default");
    expect(await segmentOf(23)).toBe("Default");
    expect((await db.message.findMany({ where: { receivable: { shopId: shop.id, orderGid: "gid://shopify/Order/21" } } })).map((m) => m.stepKey)).toEqual(["call_first"]);

    // a shop whose due orders have no customer at all still reads their forecasts
    const anonymous = await db.shop.create({ data: { domain: "dunly-segments-anonymous.myshopify.com", name: "Anonymous", currency: "EUR", installedAt: now } });
    await db.segment.createMany({ data: [
      { shopId: anonymous.id, name: "Likely late", position: 1, conditions: JSON.stringify([{ field: "lateProbability", min: 0.6 }]), steps: JSON.stringify(call) },
      { shopId: anonymous.id, name: "Default", position: 2, isDefault: true, steps: JSON.stringify(DEFAULT_FLOW) },
    ] });
    await applyOrderSnapshot(db, anonymous, {
      orderGid: "gid://shopify/Order/24", orderName: "#F24", currency: asCurrency("EUR"), issuedAt: new Date(now.getTime() - 20 * DAY), updatedAt: new Date(now.getTime() - DAY),
      totalMinor: 5000, outstandingMinor: 5000, financialStatus: "pending", cancelledAt: null, customerGid: null, paymentTerms: null, paymentUrl: null, test: false,
    });
    const lone = await db.receivable.update({ where: { shopId_orderGid: { shopId: anonymous.id, orderGid: "gid://shopify/Order/24" } }, data: { creditSale: true } });
    await db.paymentForecast.create({ data: { shopId: anonymous.id, receivableId: lone.id, lateProbability: 0.9, bucket: "late_1_30", atRiskMinor: 4500n, scoredAt: now } });
    await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer });
    const placed = await db.receivable.findUniqueOrThrow({ where: { id: lone.id } });
    expect((await db.segment.findUniqueOrThrow({ where: { id: placed.segmentId! } })).name).toBe("Likely late");
  });

  it("a step at the customer's own hour waits for the hour this customer paid in after earlier reminders", async () => {
    const shop = await db.shop.create({ data: { domain: "dunly-segments-hour.myshopify.com", name: "Hour", currency: "EUR", installedAt: now, timeZone: "Europe/Amsterdam" } });
    const atHour: FlowStep[] = [{ key: "r1", offsetDays: 1, channel: "email", purpose: "reminder", tone: "neutral", chargesFee: false, atCustomersHour: true }];
    await db.segment.create({ data: { shopId: shop.id, name: "Default", position: 1, isDefault: true, steps: JSON.stringify(atHour) } });
    const customer = await db.customer.create({ data: { shopId: shop.id, gid: "gid://shopify/Customer/31", email: "h@example.nl" } });
    const order = async (n: number, issuedDaysAgo: number, paidAt: Date | null) => {
      const orderGid = `gid://shopify/Order/${n}`;
      await applyOrderSnapshot(db, shop, {
        orderGid, orderName: `#H${n}`, currency: asCurrency("EUR"), issuedAt: new Date(now.getTime() - issuedDaysAgo * DAY), updatedAt: new Date(now.getTime() - DAY),
        totalMinor: 5000, outstandingMinor: paidAt ? 0 : 5000, financialStatus: paidAt ? "paid" : "pending", cancelledAt: null, customerGid: null, paymentTerms: null, paymentUrl: null, test: false,
      });
      const receivable = await db.receivable.update({ where: { shopId_orderGid: { shopId: shop.id, orderGid } }, data: { customerId: customer.id, creditSale: true, paidAt } });
      if (paidAt) {
        // reminded the day before, paid at 14:xx Amsterdam time (13:xx UTC in winter)
        await db.message.create({ data: {
          shopId: shop.id, receivableId: receivable.id, stepKey: "r1", idempotencyKey: `${receivable.id}:r1`, channel: "email", purpose: "reminder",
          locale: "nl", status: "outbox", createdAt: new Date(paidAt.getTime() - DAY), sentAt: new Date(paidAt.getTime() - DAY),
        } });
      }
    };
    await order(31, 120, new Date("2026-09-10T12:20:00Z")); // 14:20 in summer time
    await order(32, 90, new Date("2026-10-30T13:40:00Z")); // 14:40 in winter time
    await order(33, 20, null);

    const morning = new Date("2026-11-23T09:30:00Z");
    await runSchedulerTick(db, { clock: () => morning, mailer: outboxMailer });
    const open = await db.receivable.findFirstOrThrow({ where: { shopId: shop.id, orderGid: "gid://shopify/Order/33" }, include: { messages: true } });
    expect(open.messages).toEqual([]);
    expect(open.nextActionAt?.toISOString()).toBe("2026-11-23T13:00:00.000Z"); // 14:00 in Amsterdam
    await runSchedulerTick(db, { clock: () => new Date("2026-11-23T13:00:30Z"), mailer: outboxMailer });
    expect((await db.message.findMany({ where: { receivableId: open.id } })).map((m) => [m.stepKey, m.status])).toEqual([["r1", "outbox"]]);
  });
});
