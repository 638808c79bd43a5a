/** Configuration from the environment, read in one place. */
export const API_VERSION = "2025-10";

export function isProduction(): boolean {
  return process.env.NODE_ENV === "production";
}

/** Where a demo login may exist: the demo command, development and the tests, never staging or production. */
const DEMO_ENVIRONMENTS = new Set(["demo", "development", "test"]);

/** Demo mode needs an explicit switch and an environment made for it. */
export function isDemoMode(): boolean {
  return process.env.DUNLY_DEMO === "1" && DEMO_ENVIRONMENTS.has(process.env.NODE_ENV ?? "");
}

export const DEMO_SHOP_DOMAIN = "dunly-demo.myshopify.com";

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; see README.md "Configuration"`);
  return value;
}

/** Tests and the demo point the Admin API at a local server; production always talks to Shopify. */
export function adminApiOrigin(shop: string): string {
  const override = process.env.DUNLY_SHOPIFY_ADMIN_ORIGIN;
  return override && !isProduction() ? override : `https://${shop}`;
}
