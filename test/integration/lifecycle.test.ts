import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { deliver, sendWebhook } from "../support/webhooks";
import { newOrderId, orderPayload } from "../support/orders";
import { installShop } from "../support/testShop";
import type { FakeAdminState } from "../support/fakeShopifyAdmin";
import type { OrderNode } from "../../app/adapters/shopify/graphql/orders";

const baseUrl = inject("baseUrl");
const adminOrigin = inject("adminOrigin");
let db: Db;

const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12));

async function setFakeAdmin(state: FakeAdminState) {
  await fetch(`${adminOrigin}/__fake/state`, { method: "PUT", body: JSON.stringify(state) });
}

beforeAll(() => {
  db = createDb(inject("databaseUrl"));
});
afterAll(async () => {
  await db.$disconnect();
});

describe("payment terms webhooks", () => {
  it("payment_terms/update reads the order back through the Admin API and moves the due date", async () => {
    const domain = "dunly-terms.myshopify.com";
    const { shop, accessToken } = await installShop(db, domain);
    const id = newOrderId();
    await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "400.00", outstanding: "400.00", financialStatus: "pending", updatedAt: at(1) }), { shop: domain });
    const termsGid = "gid://shopify/PaymentTerms/5550001";
    const node: OrderNode = {
      id: `gid://shopify/Order/${id}`, name: "#T1", createdAt: "2026-11-01T10:00:00Z", processedAt: "2026-11-01T10:00:00Z",
      updatedAt: "2026-11-04T09:00:00Z", cancelledAt: null, test: false, displayFinancialStatus: "PENDING", customerLocale: "nl",
      statusPageUrl: null, paymentCollectionDetails: null,
      currentTotalPriceSet: { shopMoney: { amount: "400.0", currencyCode: "EUR" } },
      totalOutstandingSet: { shopMoney: { amount: "400.0", currencyCode: "EUR" } },
      paymentTerms: { id: termsGid, paymentTermsName: "Net 60", paymentTermsType: "NET", dueInDays: 60,
        paymentSchedules: { nodes: [{ dueAt: "2026-12-31T10:00:00Z", completedAt: null }] } },
      customer: null,
    };
    await setFakeAdmin({ accessToken, shop: { name: "Terms", currencyCode: "EUR", myshopifyDomain: domain }, orders: [node] });
    const payload = { id: 5550001, payment_terms_name: "Net 60", payment_terms_type: "net", due_in_days: 60, payment_schedules: [] };
    const delivery = await deliver(db, baseUrl, "payment_terms/update", payload, { shop: domain });
    expect(delivery.status).toBe("done");
    const receivable = await db.receivable.findUniqueOrThrow({ where: { shopId_orderGid: { shopId: shop.id, orderGid: node.id } } });
    expect(receivable).toMatchObject({ dueAt: new Date("2026-12-31T10:00:00Z"), paymentTermsName: "Net 60", paymentTermsGid: termsGid });
    const requests = await (await fetch(`${adminOrigin}/__fake/requests`)).json();
    expect(requests).toEqual([{ operation: "DunlyPaymentTermsOrder", variables: { id: termsGid } }]);
  });
});

describe("GDPR and uninstall", () => {
  it("customers/data_request exports what we hold on the customer", async () => {
    const domain = "dunly-gdpr-export.myshopify.com";
    await installShop(db, domain);
    const id = newOrderId();
    await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "55.00", outstanding: "55.00", financialStatus: "pending", updatedAt: at(1), customerId: "4401" }), { shop: domain });
    // the order id is beyond 2^53: sent as a bare JSON number, the way Shopify does
    const request = `{"shop_id":1,"shop_domain":"${domain}","customer":{"id":4401,"email":"john@example.com","phone":null},"orders_requested":[${id}],"data_request":{"id":9999}}`;
    const delivery = await deliver(db, baseUrl, "customers/data_request", request, { shop: domain });
    expect(delivery.status).toBe("done");
    const done = await db.complianceRequest.findFirstOrThrow({ where: { shopDomain: domain, topic: "customers/data_request" } });
    const exported = JSON.parse(done.export!);
    expect(exported.customer).toMatchObject({ gid: "gid://shopify/Customer/4401", email: "john@example.com", firstName: "John", address1: "123 Elm St.", city: "Ottawa" });
    expect(exported.receivables).toEqual([expect.objectContaining({ orderGid: `gid://shopify/Order/${id}`, outstanding: "5500", currency: "EUR" })]);
  });

  it("customers/redact erases the person, keeps the amounts, blanks stored payloads", async () => {
    const domain = "dunly-gdpr-redact.myshopify.com";
    const { shop } = await installShop(db, domain);
    const id = newOrderId();
    const order = await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "70.00", outstanding: "70.00", financialStatus: "pending", updatedAt: at(1), customerId: "4402" }), { shop: domain });
    expect(await db.customer.findUniqueOrThrow({ where: { shopId_gid: { shopId: shop.id, gid: "gid://shopify/Customer/4402" } } })).toMatchObject({ address1: "123 Elm St.", zip: "K2H7A8" });
    const redact = { shop_id: 1, shop_domain: domain, customer: { id: 4402, email: "john@example.com", phone: null }, orders_to_redact: [] };
    expect((await deliver(db, baseUrl, "customers/redact", redact, { shop: domain })).status).toBe("done");
    const customer = await db.customer.findUniqueOrThrow({ where: { shopId_gid: { shopId: shop.id, gid: "gid://shopify/Customer/4402" } } });
    expect(customer).toMatchObject({ email: null, firstName: null, lastName: null, phone: null, address1: null, zip: null, city: null, province: null });
    expect(customer.redactedAt).not.toBeNull();
    const stored = await db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: order.webhookId } });
    expect(stored.payload).not.toContain("john@example.com");
    expect(await db.receivable.findFirstOrThrow({ where: { shopId: shop.id } })).toMatchObject({ outstandingMinor: 7000n });
    // a later customers/update for a redacted customer must not bring the data back
    await deliver(db, baseUrl, "customers/update", { id: 4402, admin_graphql_api_id: "gid://shopify/Customer/4402", email: "john@example.com", first_name: "John", updated_at: "2026-11-20T00:00:00Z" }, { shop: domain });
    expect(await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).toMatchObject({ email: null });
  });

  it("app/uninstalled ends the session and further webhooks; shop/redact erases the shop", async () => {
    const domain = "dunly-leaving.myshopify.com";
    const { shop } = await installShop(db, domain);
    await deliver(db, baseUrl, "orders/create", orderPayload({ id: newOrderId(), total: "30.00", outstanding: "30.00", financialStatus: "pending", updatedAt: at(1), customerId: "4403" }), { shop: domain });
    expect((await deliver(db, baseUrl, "app/uninstalled", { id: 1, name: "Leaving", domain }, { shop: domain })).status).toBe("done");
    expect(await db.session.count({ where: { shop: domain } })).toBe(0);
    expect((await db.shop.findUniqueOrThrow({ where: { domain } })).uninstalledAt).not.toBeNull();
    const late = await sendWebhook(baseUrl, "orders/updated", orderPayload({ id: newOrderId(), total: "1.00", outstanding: "1.00", financialStatus: "pending", updatedAt: at(2) }), { shop: domain });
    expect(late.status).toBe(404);

    expect((await deliver(db, baseUrl, "shop/redact", { shop_id: 1, shop_domain: domain }, { shop: domain })).status).toBe("done");
    expect(await db.shop.findUnique({ where: { domain } })).toBeNull();
    expect(await db.receivable.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db.customer.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db.ledgerEvent.count({ where: { shopId: shop.id } })).toBe(0);
  });
});
