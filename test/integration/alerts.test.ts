import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { refreshRiskLevels } from "../../app/services/customers/customerProfiles";
import { flagDisputesPastSla, openDispute } from "../../app/services/disputes/disputes";
import { freshDatabaseUrl } from "../support/appServer";

const DAY = 86_400_000;
let db: Db;
let now = new Date("2026-11-23T10:00:00Z");

beforeAll(() => {
  db = createDb(freshDatabaseUrl("alerts", inject("databaseKind")));
});
afterAll(async () => {
  await db.$disconnect();
});

describe("monitoring alerts fire once each", () => {
  it("first overdue of a good customer, risk rising, and a dispute past its answer-by time", async () => {
    const shop = await db.shop.create({ data: { domain: "dunly-alerts.myshopify.com", name: "Alerts", currency: "EUR", installedAt: now } });
    const customer = await db.customer.create({ data: { shopId: shop.id, gid: "gid://shopify/Customer/1", company: "Bakkerij Jansen" } });
    const receivable = await db.receivable.create({ data: {
      shopId: shop.id, orderGid: "gid://shopify/Order/1", orderName: "#1", customerId: customer.id, currency: "EUR", totalMinor: 10_000n,
      outstandingMinor: 10_000n, issuedAt: new Date(now.getTime() - 20 * DAY), dueAt: new Date(now.getTime() - 2 * DAY), status: "open",
      creditSale: true, financialStatus: "pending", snapshotUpdatedAt: now, snapshot: "{}",
    } });
    await refreshRiskLevels(db, shop.id, [customer.id], now);
    await refreshRiskLevels(db, shop.id, [customer.id], now);
    expect((await db.alert.findMany({ where: { shopId: shop.id } })).map((a) => [a.kind, a.message])).toEqual([
      ["first_overdue", "Bakkerij Jansen, a good payer so far, has an overdue invoice"],
    ]);

    now = new Date(now.getTime() + 70 * DAY); // now 72 days overdue
    await refreshRiskLevels(db, shop.id, [customer.id], now);
    await refreshRiskLevels(db, shop.id, [customer.id], now);
    const risen = await db.alert.findMany({ where: { shopId: shop.id, kind: "risk_rose" } });
    expect(risen).toHaveLength(1);
    expect(risen[0].message).toMatch(/^Bakkerij Jansen is now high risk: /);

    await db.customer.update({ where: { id: customer.id }, data: { creditLimitMinor: 5_000n } });
    await refreshRiskLevels(db, shop.id, [customer.id], now);
    await refreshRiskLevels(db, shop.id, [customer.id], now);
    expect((await db.alert.findMany({ where: { shopId: shop.id, kind: "over_limit" } })).map((a) => a.message)).toEqual(["Bakkerij Jansen owes more than their credit limit"]);

    await openDispute(db, null, { shopId: shop.id, receivableId: receivable.id, source: "staff", reason: "other", message: "Customer called" }, now);
    now = new Date(now.getTime() + 3 * DAY);
    expect(await flagDisputesPastSla(db, now)).toBe(1);
    expect(await flagDisputesPastSla(db, now)).toBe(0);
    expect(await db.alert.count({ where: { shopId: shop.id, kind: "dispute_sla" } })).toBe(1);
    expect(await db.task.count({ where: { shopId: shop.id, kind: "dispute_sla" } })).toBe(1);
  });
});

describe("the daily alert digest", () => {
  it("sends the unread alerts once a day through Resend's API", async () => {
    const { startFakeResend } = await import("../support/fakeResend");
    const { resendMailer } = await import("../../app/adapters/email/mailer");
    const { sendAlertDigests } = await import("../../app/services/insight/alertDigest");
    const resend = await startFakeResend("re_digest");
    try {
      const mailer = resendMailer({ apiKey: "re_digest", baseUrl: resend.baseUrl });
      await db.shop.updateMany({ where: { domain: "dunly-alerts.myshopify.com" }, data: { alertDigestEmail: "owner@bakkerij.example" } });
      expect(await sendAlertDigests(db, mailer, now)).toBe(1);
      expect(await sendAlertDigests(db, mailer, now)).toBe(0);
      expect(resend.emails).toHaveLength(1);
      expect(resend.emails[0].body.to).toEqual(["owner@bakkerij.example"]);
      expect(String(resend.emails[0].body.text)).toContain("Bakkerij Jansen, a good payer so far, has an overdue invoice");
      expect(String(resend.emails[0].body.subject)).toMatch(/^Alerts: 4 alerts/);
      // staff opened the app in Dutch since: the next day's digest is in Dutch
      await db.shop.updateMany({ where: { domain: "dunly-alerts.myshopify.com" }, data: { staffLocale: "nl" } });
      expect(await sendAlertDigests(db, mailer, new Date(now.getTime() + DAY))).toBe(1);
      expect(String(resend.emails[1].body.subject)).toMatch(/^Alerts: 4 meldingen \(/);
      expect(String(resend.emails[1].body.text)).toContain("Bakkerij Jansen, tot nu toe een goede betaler, heeft een vervallen factuur");
    } finally {
      await resend.close();
    }
  });
});

describe("the per-staff report", () => {
  it("counts each staff member's open and done tasks and open disputes", async () => {
    const { staffReport } = await import("../../app/services/insight/reports");
    const shop = await db.shop.create({ data: { domain: "dunly-staff.myshopify.com", name: "Staff", currency: "EUR", installedAt: now } });
    const receivable = await db.receivable.create({ data: {
      shopId: shop.id, orderGid: "gid://shopify/Order/9", orderName: "#9", currency: "EUR", totalMinor: 100n, outstandingMinor: 100n,
      issuedAt: now, dueAt: now, status: "open", creditSale: true, financialStatus: "pending", snapshotUpdatedAt: now, snapshot: "{}",
    } });
    await db.task.createMany({ data: [
      { shopId: shop.id, kind: "call", title: "a", dueAt: now, createdAt: now, assignee: "Sanne" },
      { shopId: shop.id, kind: "call", title: "b", dueAt: now, createdAt: now, assignee: "Sanne", doneAt: now },
      { shopId: shop.id, kind: "call", title: "c", dueAt: now, createdAt: now, assignee: "Milan" },
      { shopId: shop.id, kind: "call", title: "d", dueAt: now, createdAt: now },
    ] });
    await openDispute(db, null, { shopId: shop.id, receivableId: receivable.id, source: "staff", reason: "other", message: "x", assignee: "Milan" }, now);
    expect(await staffReport(db, shop.id, new Date(now.getTime() + 3 * DAY))).toEqual([
      { staff: "Milan", openTasks: 1, doneTasks: 0, openDisputes: 1, disputesPastSla: 1 },
      { staff: "Sanne", openTasks: 1, doneTasks: 1, openDisputes: 0, disputesPastSla: 0 },
    ]);
  });
});
