/** Admin API access with a shop's offline token, for webhooks and jobs outside a request. */
import db from "../../db.server";
import { adminApiOrigin, API_VERSION } from "../../config.server";
import { createAdminClient, type AdminGraphql } from "./graphql/client";
import { withCircuitBreaker } from "./graphql/circuitBreaker";

async function offlineClient(shop: string, maxAttempts?: number): Promise<AdminGraphql | null> {
  const session = await db.session.findFirst({ where: { shop, isOnline: false }, orderBy: { expires: "desc" } });
  if (!session) return null;
  return createAdminClient({ shop, accessToken: session.accessToken, apiVersion: API_VERSION, origin: adminApiOrigin(shop), maxAttempts });
}

export function adminFor(shop: string): Promise<AdminGraphql | null> {
  return offlineClient(shop);
}

/** A shop's Admin API, or null for the demo shop, which has no Shopify behind it. */
export function adminForShop(shop: { domain: string; isDemo: boolean }): Promise<AdminGraphql | null> {
  return shop.isDemo ? Promise.resolve(null) : offlineClient(shop.domain);
}

/**
 * For applying webhook deliveries: one attempt per call (the queue retries with back-off, a
 * delivery never sleeps while it holds the worker) behind the shop's circuit breaker.
 */
export async function adminForDeliveries(shop: string): Promise<AdminGraphql | null> {
  const client = await offlineClient(shop, 1);
  return client && withCircuitBreaker(shop, client);
}
