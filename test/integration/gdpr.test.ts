/**
 * GDPR over the running app: a customer goes through everything the app records (orders, a
 * rejected webhook, reminders, a dispute with their own words, "already paid", a staff note and
 * pause, an alert, a data request), then customers/redact; afterwards no table holds their name,
 * email, phone or address, in any text column.
 */
import { fitAndScoreShop, scoreOpenReceivables } from "../../app/services/insight/latePrediction";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { outboxMailer } from "../../app/adapters/email/mailer";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { signCustomerLink } from "../../app/services/customers/customerLinks";
import { addNote } from "../../app/services/ledger/receivableDetail";
import { pauseReceivable } from "../../app/services/followUp/pauseReminders";
import { raiseAlert } from "../../app/services/insight/alerts";
import { deliver, sendWebhook } from "../support/webhooks";
import { newOrderId, orderPayload } from "../support/orders";
import { installShop } from "../support/testShop";
import { TEST_API_SECRET } from "../support/appServer";
import { textColumns } from "../support/schemaColumns";

const baseUrl = inject("baseUrl");
const DOMAIN = "dunly-gdpr-scan.myshopify.com";
const DAY = 86_400_000;
const PERSON = {
  email: "zoetje.vermeulen-4711@example.nl", firstName: "Zoëtje", lastName: "Vermeulen-Qx", phone: "+31612344711",
  address1: "Prinsengracht 4711", zip: "1015QX", city: "Amsterdamqx",
};
const CUSTOMER_ID = "4711";
let db: Db;

beforeAll(() => {
  db = createDb(inject("databaseUrl"));
});
afterAll(async () => {
  await db.$disconnect();
});

/** An order of our person, with their details where Shopify puts them. */
function personsOrder(id: string, issuedAt: Date, total = "150.00"): string {
  return orderPayload({ id, total, outstanding: total, financialStatus: "pending", createdAt: issuedAt, updatedAt: issuedAt, customerId: CUSTOMER_ID })
    .replaceAll("john@example.com", PERSON.email).replaceAll("jon@example.com", PERSON.email)
    .replace(`"email":"${PERSON.email}","phone":null`, `"email":"${PERSON.email}","phone":"${PERSON.phone}"`)
    .replaceAll('"John"', `"${PERSON.firstName}"`).replaceAll('"Smith"', `"${PERSON.lastName}"`).replaceAll("John Smith", `${PERSON.firstName} ${PERSON.lastName}`)
    .replaceAll("123 Elm St.", PERSON.address1).replaceAll("K2H7A8", PERSON.zip).replaceAll("Ottawa", PERSON.city);
}

/** Every row of every table, every text column: where does this text still appear? */
async function whereIs(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const [model, columns] of textColumns()) {
    for (const column of columns) {
      const rows = await db.$queryRawUnsafe<{ value: string | null }[]>(`SELECT "${column}" AS value FROM "${model}"`);
      const hits = rows.filter((r) => r.value?.includes(text)).length;
      if (hits) found.push(`${model}.${column} (${hits})`);
    }
  }
  return found;
}

describe("customers/redact erases the person everywhere", () => {
  it("after a full history, no table holds their name, email, phone or address; the data request before it exported all of it", async () => {
    const { shop } = await installShop(db, DOMAIN);
    const issuedAt = new Date(Date.now() - 40 * DAY);
    const [first, second] = [newOrderId(), newOrderId()];
    await deliver(db, baseUrl, "orders/create", personsOrder(first, issuedAt), { shop: DOMAIN });
    await deliver(db, baseUrl, "orders/create", personsOrder(second, issuedAt, "90.00"), { shop: DOMAIN });
    // a delivery that is refused is kept for inspection, with the person's details in it
    const refused = await sendWebhook(baseUrl, "orders/updated", personsOrder(newOrderId(), issuedAt).replace('"current_total_price":"150.00"', '"current_total_price":"lots"'), { shop: DOMAIN });
    expect(refused.status).toBe(422);
    const customer = await db.customer.findUniqueOrThrow({ where: { shopId_gid: { shopId: shop.id, gid: `gid://shopify/Customer/${CUSTOMER_ID}` } } });
    expect(customer).toMatchObject({ email: PERSON.email, firstName: PERSON.firstName, address1: PERSON.address1, zip: PERSON.zip });
    const [a, b] = await db.receivable.findMany({ where: { shopId: shop.id }, orderBy: { totalMinor: "desc" } });

    // reminders go out by email, on mornings (a run in the shop's quiet evening hours would hold them)
    const morning = new Date();
    morning.setUTCHours(9, 0, 0, 0);
    for (let day = 1; day <= 6; day++) await runSchedulerTick(db, { clock: () => new Date(morning.getTime() + day * DAY), mailer: outboxMailer });
    expect(await db.message.count({ where: { receivableId: a.id, toAddress: PERSON.email } })).toBeGreaterThan(0);

    // the customer writes, in their own words; says the other order is paid
    const link = (receivableId: string) => `${baseUrl}/c/${signCustomerLink({ shopId: shop.id, customerId: customer.id, receivableId, expiresAt: new Date(Date.now() + 7 * DAY) }, TEST_API_SECRET)}`;
    const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect((await fetch(link(a.id), form({ intent: "dispute", receivableId: a.id, reason: "damaged", message: `Dit is ${PERSON.firstName} ${PERSON.lastName}, bel ${PERSON.phone}` }))).status).toBe(200);
    expect((await fetch(link(b.id), form({ intent: "paid", receivableId: b.id }))).status).toBe(200);

    // staff write about them
    const now = new Date();
    await addNote(db, shop.id, b.id, `Gebeld met ${PERSON.firstName} op ${PERSON.phone}`, "staff@shop.nl", now);
    await pauseReceivable(db, shop.id, b.id, new Date(now.getTime() + 10 * DAY), `${PERSON.lastName} pays after moving to ${PERSON.address1}`, now);
    await raiseAlert(db, { shopId: shop.id, key: `gdpr-scan:${customer.id}`, customerId: customer.id, words: { text: "over_limit", name: `${PERSON.firstName} ${PERSON.lastName}` } }, now);

    // the worker's nightly forecast profiles them too
    expect((await fitAndScoreShop(db, shop.id, now)).scored).toBeGreaterThan(0);

    // the data request exports all of it
    const request = `{"shop_id":1,"shop_domain":"${DOMAIN}","customer":{"id":${CUSTOMER_ID},"email":"${PERSON.email}","phone":"${PERSON.phone}"},"orders_requested":[${first},${second}],"data_request":{"id":4711}}`;
    await deliver(db, baseUrl, "customers/data_request", request, { shop: DOMAIN });
    const exported = JSON.parse((await db.complianceRequest.findFirstOrThrow({ where: { shopDomain: DOMAIN, topic: "customers/data_request" } })).export!);
    expect(exported.customer).toMatchObject({ email: PERSON.email, phone: PERSON.phone, address1: PERSON.address1 });
    expect(exported.receivables).toHaveLength(2);
    expect(exported.messages.length).toBeGreaterThan(0);
    expect(exported.disputeMessages.map((m: { body: string }) => m.body).join()).toContain(PERSON.phone);
    expect(exported.tasks.length).toBeGreaterThan(0);
    expect(exported.alerts.map((m: { message: string }) => m.message).join()).toContain(PERSON.lastName);
    expect(JSON.stringify(exported.timeline)).toContain(`Gebeld met ${PERSON.firstName}`);
    expect(exported.pauses.map((p: { pauseReason: string }) => p.pauseReason).join()).toContain(PERSON.address1);
    expect(exported.forecasts.length).toBeGreaterThan(0);
    for (const text of Object.values(PERSON)) expect((await whereIs(text)).length, text).toBeGreaterThan(0);

    const redact = `{"shop_id":1,"shop_domain":"${DOMAIN}","customer":{"id":${CUSTOMER_ID},"email":"${PERSON.email}","phone":"${PERSON.phone}"},"orders_to_redact":[${first}]}`;
    await deliver(db, baseUrl, "customers/redact", redact, { shop: DOMAIN });
    for (const text of Object.values(PERSON)) expect(await whereIs(text), text).toEqual([]);
    // no forecast of them is kept, and the next night's scoring does not profile them again
    expect(await db.paymentForecast.count({ where: { shopId: shop.id } })).toBe(0);
    await scoreOpenReceivables(db, shop.id, new Date(now.getTime() + DAY));
    expect(await db.paymentForecast.count({ where: { shopId: shop.id } })).toBe(0);

    // the amounts stay, pointing to no one
    expect((await db.receivable.findMany({ where: { shopId: shop.id }, orderBy: { totalMinor: "desc" } })).map((r) => r.outstandingMinor)).toEqual([15_000n, 9_000n]);
  });
});

describe("shop/redact erases the shop", () => {
  it("leaves no row of the shop in any table, and no content in its stored webhooks or exports", async () => {
    const domain = "dunly-gdpr-shop.myshopify.com";
    const { shop } = await installShop(db, domain);
    await deliver(db, baseUrl, "orders/create", orderPayload({ id: newOrderId(), total: "20.00", outstanding: "20.00", financialStatus: "pending", updatedAt: new Date(Date.now() - 30 * DAY), customerId: "4712" }), { shop: domain });
    const receivable = await db.receivable.findFirstOrThrow({ where: { shopId: shop.id } });
    await raiseAlert(db, { shopId: shop.id, key: "shop-scan", receivableId: receivable.id, words: { text: "dispute_sla", order: "#leaving-shop" } }, new Date());
    await db.task.create({ data: { shopId: shop.id, receivableId: receivable.id, kind: "call", title: "task of the leaving shop", dueAt: new Date(), createdAt: new Date() } });
    await deliver(db, baseUrl, "customers/data_request", `{"shop_id":1,"shop_domain":"${domain}","customer":{"id":4712,"email":"john@example.com"},"orders_requested":[],"data_request":{"id":1}}`, { shop: domain });
    await deliver(db, baseUrl, "shop/redact", { shop_id: 1, shop_domain: domain }, { shop: domain });
    for (const [model, columns] of textColumns()) {
      if (columns.includes("shopId")) {
        const rows = await db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM "${model}" WHERE "shopId" = $1`.replace("$1", `'${shop.id}'`));
        expect(Number(rows[0].n), model).toBe(0);
      }
    }
    expect(await db.complianceRequest.count({ where: { shopDomain: domain, export: { not: null } } })).toBe(0);
    expect(await db.webhookDelivery.count({ where: { shopDomain: domain, NOT: { payload: "{\"redacted\":true}" } } })).toBe(0);
  });
});
