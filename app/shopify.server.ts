/** The one Shopify seam: app config, OAuth, session storage, Admin API access for background work. */
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import db from "./db.server";
import type { AdminGraphql } from "./adapters/shopify/graphql/client";
import { adminFor } from "./adapters/shopify/adminAccess.server";
import { SHOP_QUERY } from "./adapters/shopify/graphql/queries";
import { clock } from "./clock.server";
import { startBackfill } from "./services/ingest/queueRunner.server";

const shopify = shopifyApp({
  apiKey: process.env.SHOPIFY_API_KEY,
  apiSecretKey: process.env.SHOPIFY_API_SECRET || "",
  apiVersion: ApiVersion.October25,
  scopes: process.env.SCOPES?.split(","),
  appUrl: process.env.SHOPIFY_APP_URL || "http://localhost:3000",
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(db as never),
  distribution: AppDistribution.AppStore,
  future: { expiringOfflineAccessTokens: true },
  hooks: {
    afterAuth: async ({ session }) => {
      await ensureShop(session.shop, await adminFor(session.shop));
      startBackfill(session.shop);
    },
  },
});

export default shopify;
export const authenticate = shopify.authenticate;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const login = shopify.login;


/** At install: the Shop row, named and in the shop's currency; a reinstall clears the uninstall mark. */
export async function ensureShop(domain: string, admin: AdminGraphql | null) {
  const info = admin ? (await admin.request<{ shop: { name: string; currencyCode: string } }>(SHOP_QUERY)).shop : null;
  // a reinstall is a new install: uninstall events from before it no longer apply
  await db.shop.updateMany({ where: { domain, uninstalledAt: { not: null } }, data: { installedAt: clock() } });
  return db.shop.upsert({
    where: { domain },
    create: { domain, name: info?.name ?? domain, currency: info?.currencyCode ?? "EUR", installedAt: clock() },
    update: { uninstalledAt: null, ...(info ? { name: info.name, currency: info.currencyCode } : {}) },
  });
}

export { adminFor };
