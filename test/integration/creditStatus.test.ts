import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { createAdminClient } from "../../app/adapters/shopify/graphql/client";
import { pushCreditStatuses } from "../../app/services/customers/creditStatus";
import { freshDatabaseUrl } from "../support/appServer";

const adminOrigin = inject("adminOrigin");
const DOMAIN = "dunly-credit-status.myshopify.com";
const TOKEN = "shpat_credit";
const now = new Date("2026-11-23T10:00:00Z");
const DAY = 86_400_000;
let db: Db;

beforeAll(() => {
  db = createDb(freshDatabaseUrl("credit-status", inject("databaseKind")));
});
afterAll(async () => {
  await db.$disconnect();
});

describe("credit status for the pay-later gate", () => {
  it("writes the status of risky and over-limit customers to Shopify once, and only changes after that", async () => {
    await fetch(`${adminOrigin}/__fake/state`, { method: "PUT", body: JSON.stringify({ accessToken: TOKEN, shop: { name: "x", currencyCode: "EUR", myshopifyDomain: DOMAIN }, orders: [] }) });
    const shop = await db.shop.create({ data: { domain: DOMAIN, name: "Credit", currency: "EUR", installedAt: now } });
    const receivable = (customerId: string, n: number, dueDaysAgo: number, outstanding: number, paidLate?: number) => db.receivable.create({ data: {
      shopId: shop.id, orderGid: `gid://shopify/Order/${n}`, orderName: `#${n}`, customerId, currency: "EUR", totalMinor: 10_000n,
      outstandingMinor: BigInt(outstanding), issuedAt: new Date(now.getTime() - (dueDaysAgo + 14) * DAY), dueAt: new Date(now.getTime() - dueDaysAgo * DAY),
      status: outstanding ? "open" : "paid", creditSale: true, financialStatus: outstanding ? "pending" : "paid",
      paidAt: paidLate === undefined ? null : new Date(now.getTime() - (dueDaysAgo - paidLate) * DAY), snapshotUpdatedAt: now, snapshot: "{}",
    } });
    const late = await db.customer.create({ data: { shopId: shop.id, gid: "gid://shopify/Customer/701" } });
    const limited = await db.customer.create({ data: { shopId: shop.id, gid: "gid://shopify/Customer/702", creditLimitMinor: 5_000n } });
    const fine = await db.customer.create({ data: { shopId: shop.id, gid: "gid://shopify/Customer/703" } });
    await receivable(late.id, 1, 120, 10_000); // 120 days overdue
    await receivable(limited.id, 2, -10, 10_000); // not due yet, but above the limit
    await receivable(fine.id, 3, 30, 0, 0); // paid on time

    const admin = createAdminClient({ shop: DOMAIN, accessToken: TOKEN, apiVersion: "2025-10", origin: adminOrigin });
    expect(await pushCreditStatuses(db, shop.id, admin, now)).toBe(2);
    const requests = await (await fetch(`${adminOrigin}/__fake/requests`)).json() as { operation: string; variables: { metafields: unknown[] } }[];
    expect(requests).toEqual([{ operation: "DunlySetCreditStatus", variables: { metafields: [
      { ownerId: "gid://shopify/Customer/701", namespace: "$app:dunly", key: "credit_status", type: "single_line_text_field", value: "high_risk" },
      { ownerId: "gid://shopify/Customer/702", namespace: "$app:dunly", key: "credit_status", type: "single_line_text_field", value: "over_limit" },
    ] } }]);
    expect(await pushCreditStatuses(db, shop.id, admin, now)).toBe(0);

    // the merchant raises the limit: that customer is fine again, and Shopify hears so
    await db.customer.update({ where: { id: limited.id }, data: { creditLimitMinor: 50_000n } });
    expect(await pushCreditStatuses(db, shop.id, admin, now)).toBe(1);
    expect(await db.customer.findUniqueOrThrow({ where: { id: limited.id } })).toMatchObject({ creditStatusPushed: "ok" });
    // paying late stays on the record: the late payer remains high risk once paid
    await db.receivable.updateMany({ where: { customerId: late.id }, data: { status: "paid", outstandingMinor: 0n, paidAt: now } });
    expect(await pushCreditStatuses(db, shop.id, admin, now)).toBe(0);
  });
});
