/**
 * A shop in EUR selling in USD: Shopify sends payments in the customer's currency. They are
 * converted at the order's own rate (its shop total over its presentment total) and never refused,
 * also when no orders/updated follows, and when the payment arrives before the order.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { deliver } from "../support/webhooks";
import { newOrderId, orderPayload, transactionPayload } from "../support/orders";
import { installShop } from "../support/testShop";
import { TEST_API_SECRET } from "../support/appServer";
import { signCustomerLink } from "../../app/services/customers/customerLinks";
import { asCurrency, formatMoney } from "../../app/domain/money";

const baseUrl = inject("baseUrl");
const DOMAIN = "dunly-presentment.myshopify.com";
let db: Db;
let shopId: string;
const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12));

beforeAll(async () => {
  db = createDb(inject("databaseUrl"));
  ({ shop: { id: shopId } } = await installShop(db, DOMAIN));
});
afterAll(async () => {
  await db.$disconnect();
});

const receivable = (id: string) => db.receivable.findUniqueOrThrow({ where: { shopId_orderGid: { shopId, orderGid: `gid://shopify/Order/${id}` } } });
const order = (id: string) => orderPayload({ id, total: "100.00", outstanding: "100.00", financialStatus: "pending", updatedAt: at(1), presentment: { currency: "USD", total: "110.00" } });
const dollars = (id: string, orderId: string, amount: string, day: number) => transactionPayload({ id, orderId, amount, at: at(day), currency: "USD" });

describe("payments in the presentment currency", () => {
  it("a USD payment on a EUR order lowers it by its EUR value, with no orders/updated after it", async () => {
    const id = newOrderId();
    await deliver(db, baseUrl, "orders/create", order(id), { shop: DOMAIN });
    const first = await deliver(db, baseUrl, "order_transactions/create", dollars(`${id}1`, id, "55.00", 2), { shop: DOMAIN });
    expect(first).toMatchObject({ status: "done" });
    expect(await receivable(id)).toMatchObject({ currency: "EUR", outstandingMinor: 5000n, status: "open" });
    await deliver(db, baseUrl, "order_transactions/create", dollars(`${id}2`, id, "55.00", 3), { shop: DOMAIN });
    expect(await receivable(id)).toMatchObject({ outstandingMinor: 0n, status: "paid" });
  });

  it("a USD payment that arrives before its order counts once the order is known", async () => {
    const id = newOrderId();
    await deliver(db, baseUrl, "order_transactions/create", dollars(`${id}1`, id, "22.00", 2), { shop: DOMAIN });
    await deliver(db, baseUrl, "orders/create", order(id), { shop: DOMAIN });
    expect(await receivable(id)).toMatchObject({ outstandingMinor: 8000n, status: "open" });
  });

  it("the customer page tells the customer what they owe in dollars, the shop's euros beside it", async () => {
    const id = newOrderId();
    const customerId = newOrderId();
    await deliver(db, baseUrl, "orders/create", orderPayload({
      id, customerId, total: "100.00", outstanding: "100.00", financialStatus: "pending", updatedAt: at(1), presentment: { currency: "USD", total: "110.00" },
    }), { shop: DOMAIN });
    await deliver(db, baseUrl, "order_transactions/create", dollars(`${id}1`, id, "55.00", 2), { shop: DOMAIN });
    const row = await receivable(id);
    const token = signCustomerLink({ shopId, customerId: row.customerId!, receivableId: row.id, expiresAt: new Date(Date.now() + 86_400_000) }, TEST_API_SECRET);
    const page = await (await fetch(`${baseUrl}/c/${token}`)).text();
    const owed = `${formatMoney(5_500, asCurrency("USD"), "en")} (${formatMoney(5_000, asCurrency("EUR"), "en")})`;
    expect(page.replaceAll("&nbsp;", "\u00a0")).toContain(owed);
  });

  it("a payment in a third currency is still refused, and says why", async () => {
    const id = newOrderId();
    await deliver(db, baseUrl, "orders/create", order(id), { shop: DOMAIN });
    const gbp = await deliver(db, baseUrl, "order_transactions/create", transactionPayload({ id: `${id}9`, orderId: id, amount: "10.00", at: at(2), currency: "GBP" }), { shop: DOMAIN });
    expect(gbp).toMatchObject({ status: "rejected", error: expect.stringContaining("payment in GBP for an order in EUR") });
    expect(await receivable(id)).toMatchObject({ outstandingMinor: 10000n });
  });
});
