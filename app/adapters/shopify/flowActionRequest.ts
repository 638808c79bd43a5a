/**
 * Reads a Shopify Flow action request (POST to an action's runtime_url): signed like a webhook
 * (X-Shopify-Hmac-Sha256 over the raw body with the app's secret), JSON with the shop, the run's
 * id and the merchant's properties. Flow reference fields arrive as numeric ids (order_id,
 * customer_id).
 */
import { isValidWebhookSignature } from "./webhookSignature";
import { asObject, parseShopifyJson, PayloadError, str, type Json } from "./json";

export interface FlowActionRequest {
  shopDomain: string;
  actionRunId: string;
  handle: string;
  properties: Json;
}

export type FlowActionCheck = { ok: true; request: FlowActionRequest } | { ok: false; status: number; error: string };

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export function checkFlowAction(bytes: Uint8Array, signature: string | null, secret: string): FlowActionCheck {
  if (!isValidWebhookSignature(bytes, signature, secret)) return { ok: false, status: 401, error: "invalid signature: not a request from Shopify Flow" };
  try {
    const body = asObject(parseShopifyJson(new TextDecoder("utf-8", { fatal: true }).decode(bytes)), "body");
    const shopDomain = str(body, "shopify_domain").toLowerCase();
    if (!SHOP_DOMAIN.test(shopDomain)) throw new PayloadError("shopify_domain must be a myshopify.com domain");
    const actionRunId = str(body, "action_run_id");
    if (actionRunId.length > 200) throw new PayloadError("action_run_id is too long");
    return { ok: true, request: { shopDomain, actionRunId, handle: str(body, "handle"), properties: asObject(body.properties ?? {}, "properties") } };
  } catch (error) {
    if (error instanceof PayloadError || error instanceof SyntaxError || error instanceof TypeError) {
      return { ok: false, status: 400, error: `malformed Flow action request: ${error.message}` };
    }
    throw error;
  }
}
