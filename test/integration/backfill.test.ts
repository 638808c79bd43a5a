import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { createAdminClient } from "../../app/adapters/shopify/graphql/client";
import type { OrderNode } from "../../app/adapters/shopify/graphql/orders";
import { backfillShop } from "../../app/services/ingest/backfill";
import { applyOrderSnapshot } from "../../app/services/ledger/ledgerStore";
import { freshDatabaseUrl } from "../support/appServer";
import type { FakeAdminState } from "../support/fakeShopifyAdmin";

const adminOrigin = inject("adminOrigin");
const DOMAIN = "dunly-backfill.myshopify.com";
const TOKEN = "shpat_backfill";
let db: Db;

function order(n: number, status: string, outstanding: string, customer = true): OrderNode {
  return {
    id: `gid://shopify/Order/${9_100_000_000_000_000n + BigInt(n)}`, name: `#B${n}`,
    createdAt: "2026-10-01T08:00:00Z", processedAt: "2026-10-01T08:00:00Z", updatedAt: `2026-10-${String(10 + n).padStart(2, "0")}T08:00:00Z`,
    cancelledAt: null, test: false, displayFinancialStatus: status, customerLocale: "de",
    statusPageUrl: `https://shop.example/orders/${n}`,
    paymentCollectionDetails: { additionalPaymentCollectionUrl: n === 1 ? "https://shop.example/pay/1" : null },
    currentTotalPriceSet: { shopMoney: { amount: "199.95", currencyCode: "EUR" } },
    totalOutstandingSet: { shopMoney: { amount: outstanding, currencyCode: "EUR" } },
    paymentTerms: null,
    customer: customer ? {
      id: `gid://shopify/Customer/${700 + n}`, email: `k${n}@example.de`, firstName: "Karl", lastName: `Kunde ${n}`, phone: null,
      locale: "de", tags: ["b2b"], updatedAt: "2026-09-01T00:00:00Z", defaultAddress: {
        company: `Firma ${n}`, countryCodeV2: "DE", address1: `Hauptstraße ${n}`, address2: null, zip: "10115", city: "Berlin", province: null,
      },
    } : null,
  };
}

async function setState(state: FakeAdminState) {
  await fetch(`${adminOrigin}/__fake/state`, { method: "PUT", body: JSON.stringify(state) });
}

beforeAll(() => {
  db = createDb(freshDatabaseUrl("backfill", inject("databaseKind")));
});
afterAll(async () => {
  await db.$disconnect();
});

describe("backfill and reconciliation over the Admin GraphQL API", () => {
  it("pages through open orders, heals a missed payment, and retries a 429", async () => {
    const shop = await db.shop.create({ data: { domain: DOMAIN, name: "Backfill", currency: "EUR", installedAt: new Date() } });
    // we missed the payment webhooks of order 9: locally it is still open
    const stale = order(9, "PENDING", "199.95");
    const { orderSnapshotFromNode } = await import("../../app/adapters/shopify/graphql/orders");
    await applyOrderSnapshot(db, shop, { ...orderSnapshotFromNode(stale), updatedAt: new Date("2026-10-02T00:00:00Z") });

    const open = [order(1, "PENDING", "199.95"), order(2, "PARTIALLY_PAID", "99.95"), order(3, "AUTHORIZED", "199.95"),
      order(4, "PENDING", "199.95", false), order(5, "PENDING", "0.05")];
    await setState({
      accessToken: TOKEN, shop: { name: "Backfill", currencyCode: "EUR", myshopifyDomain: DOMAIN },
      orders: [...open, order(9, "PAID", "0.0")], failNext: { status: 429, count: 1 },
    });
    const sleeps: number[] = [];
    const admin = createAdminClient({ shop: DOMAIN, accessToken: TOKEN, apiVersion: "2025-10", origin: adminOrigin,
      sleep: async (ms) => { sleeps.push(ms); } });
    const now = new Date("2026-11-23T12:00:00Z");
    const result = await backfillShop(db, shop, admin, { now, pageSize: 2 });

    expect(result).toEqual({ pages: 3, orders: 5, reconciled: 1, healed: 0 });
    expect(sleeps).toHaveLength(1);
    const rows = await db.receivable.findMany({ where: { shopId: shop.id }, orderBy: { orderName: "asc" } });
    expect(rows.map((r) => [r.orderName, r.status, r.outstandingMinor])).toEqual([
      ["#B1", "open", 19995n], ["#B2", "open", 9995n], ["#B3", "open", 19995n], ["#B4", "open", 19995n],
      ["#B5", "open", 5n], ["#B9", "paid", 0n],
    ]);
    const karl = await db.customer.findUniqueOrThrow({ where: { shopId_gid: { shopId: shop.id, gid: "gid://shopify/Customer/702" } } });
    expect(rows.map((r) => r.paymentUrl).slice(0, 2)).toEqual(["https://shop.example/pay/1", "https://shop.example/orders/2"]);
    expect(karl).toMatchObject({ company: "Firma 2", countryCode: "DE", locale: "de", tags: "b2b", address1: "Hauptstraße 2", zip: "10115", city: "Berlin" });
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).backfilledAt).toEqual(now);
  });

  it("a wrong access token is an error, not an empty book", async () => {
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: DOMAIN } });
    const admin = createAdminClient({ shop: DOMAIN, accessToken: "wrong", apiVersion: "2025-10", origin: adminOrigin });
    await expect(backfillShop(db, shop, admin, { now: new Date() })).rejects.toThrow(/Admin API 401/);
  });
});
