/**
 * Hand-over to a collection agency, through the running app: an order followed up to its last
 * step, handed over from the order page, then the agency's file downloaded as CSV and JSON.
 */
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { outboxMailer } from "../../app/adapters/email/mailer";
import { claimStatement } from "../../app/domain/handOver";
import { installShop } from "../support/testShop";
import { deliver } from "../support/webhooks";
import { newOrderId, orderPayload, transactionPayload } from "../support/orders";
import { adminPage, adminPost } from "../support/adminRequest";

const baseUrl = inject("baseUrl");
const DOMAIN = "dunly-handover.myshopify.com";
const DAY = 86_400_000;
let db: Db;

beforeAll(() => {
  db = createDb(inject("databaseUrl"));
});
afterAll(async () => {
  await db.$disconnect();
});

/** RFC 4180 rows: quoted fields may hold commas and doubled quotes. */
const parseCsv = (text: string): string[][] => parse(text);

describe("hand-over to a collection agency", () => {
  it("a case followed up to the end is handed over; the agency's file holds the debtor, the claim and the history", async () => {
    const { shop } = await installShop(db, DOMAIN);
    await db.shop.update({ where: { id: shop.id }, data: { legalProfile: "nl_consumer", name: "Fietsen Noord" } });
    const issuedAt = new Date(Math.floor(Date.now() / DAY) * DAY - 70 * DAY + 10 * 3_600_000);
    const id = newOrderId();
    await deliver(db, baseUrl, "orders/create", orderPayload({
      id, total: "250.00", outstanding: "250.00", financialStatus: "pending", createdAt: issuedAt, updatedAt: issuedAt, customerId: "5501",
    }), { shop: DOMAIN });
    await deliver(db, baseUrl, "order_transactions/create", transactionPayload({ id: newOrderId(), orderId: id, amount: "50.00", at: new Date(issuedAt.getTime() + 5 * DAY) }), { shop: DOMAIN });
    // the flow runs its course, one tick a day at 11:00 UTC
    for (let day = 1; day <= 65; day++) {
      await runSchedulerTick(db, { clock: () => new Date(issuedAt.getTime() + day * DAY + 3_600_000), mailer: outboxMailer });
    }
    const receivable = await db.receivable.findFirstOrThrow({ where: { shopId: shop.id, orderGid: `gid://shopify/Order/${id}` } });
    const sent = await db.message.findMany({ where: { receivableId: receivable.id, status: { in: ["outbox", "task"] } }, orderBy: { sentAt: "asc" } });
    expect(sent.map((m) => m.stepKey)).toEqual(["pre_due", "reminder_1", "reminder_2", "final_notice", "hand_over"]);

    // nothing handed over yet: the file has its header only
    expect(parseCsv(await (await adminPage(baseUrl, DOMAIN, "/app/export/handover")).text())).toHaveLength(1);
    const handOver = await adminPost(baseUrl, DOMAIN, `/app/receivables/${receivable.id}?_data=routes%2Fapp.receivables_.%24id`, {
      intent: "handed_over", note: "dossier naar Incasso & Co",
    });
    expect(handOver.status).toBe(200);

    const json = await adminPage(baseUrl, DOMAIN, "/app/export/handover.json");
    expect(json.headers.get("content-type")).toMatch(/^application\/json/);
    expect(json.headers.get("content-disposition")).toContain("dunly-handover.json");
    const file = await json.json();
    expect(file.creditor).toBe("Fietsen Noord");
    expect(file.cases).toHaveLength(1);
    const [handed] = file.cases;
    const claimDate = new Date(`${handed.claim.date}T12:00:00Z`);
    // the final notice announced the statutory collection costs (BIK: 15% of 200.00, at least 40.00)
    const fee = await db.ledgerEvent.findFirstOrThrow({ where: { shopId: shop.id, kind: "fee", orderGid: receivable.orderGid } });
    expect(fee.amountMinor).toBe(4000n);
    const expected = claimStatement({
      legalProfile: "nl_consumer", currency: "EUR", principalMinor: 20_000, dueAt: receivable.dueAt, until: claimDate, announcedCostsMinor: 4_000,
    });
    expect(expected.interestMinor).toBeGreaterThan(0);
    expect(handed).toMatchObject({
      reference: receivable.orderName, status: "open", handOverNote: "dossier naar Incasso & Co",
      debtor: { name: "John Smith", email: "john@example.com", address1: "123 Elm St.", zip: "K2H7A8", city: "Ottawa", province: "Ontario", countryCode: "CA" },
      order: { currency: "EUR", total: "250.00", paid: "50.00", outstanding: "200.00" },
      claim: {
        principal: "200.00", interest: (expected.interestMinor! / 100).toFixed(2), interestBasis: "wettelijke rente, art. 6:119 BW",
        collectionCosts: "40.00", collectionCostsBasis: "announced in a reminder", total: (expected.totalMinor / 100).toFixed(2), legalProfile: "nl_consumer",
      },
      payments: [{ kind: "payment", amount: "50.00" }],
    });
    expect(handed.reminders.map((r: { step: string }) => r.step)).toEqual(["pre_due", "reminder_1", "reminder_2", "final_notice"]);
    expect(Date.parse(handed.handedOverAt)).toBeGreaterThan(Date.now() - 60_000);

    const csv = parseCsv(await (await adminPage(baseUrl, DOMAIN, "/app/export/handover")).text());
    const row = Object.fromEntries(csv[0].map((column, i) => [column, csv[1][i]]));
    expect(csv).toHaveLength(2);
    expect(row).toMatchObject({
      reference: receivable.orderName, debtor_name: "John Smith", address1: "123 Elm St.", zip: "K2H7A8", city: "Ottawa", country: "CA",
      total: "250.00", paid: "50.00", principal: "200.00", collection_costs: "40.00", claim_total: handed.claim.total,
      reminders_sent: "4", claim_date: handed.claim.date,
    });
    // reminders stop once handed over
    const before = await db.message.count({ where: { receivableId: receivable.id } });
    await runSchedulerTick(db, { clock: () => new Date(Date.now() + 30 * DAY), mailer: outboxMailer });
    expect(await db.message.count({ where: { receivableId: receivable.id } })).toBe(before);
  });
});
