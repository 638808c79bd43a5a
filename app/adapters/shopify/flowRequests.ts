/**
 * Reads what Shopify Flow posts to the app: an action request (an action's runtime_url) and a
 * trigger lifecycle callback (extensions/flow-lifecycle). Both are signed like a webhook
 * (X-Shopify-Hmac-Sha256 over the raw body with the app's secret) and name the shop. Flow
 * reference fields arrive as numeric ids (order_id, customer_id).
 */
import { isValidWebhookSignature } from "./webhookSignature";
import { asObject, date, parseShopifyJson, PayloadError, str, type Json } from "./json";

export interface FlowActionRequest {
  shopDomain: string;
  actionRunId: string;
  handle: string;
  properties: Json;
}

export interface FlowLifecycleCallback {
  shopDomain: string;
  /** the trigger's handle (Flow names the trigger definition by it) */
  triggerId: string;
  hasEnabledFlow: boolean;
  timestamp: Date;
}

export type FlowCheck<T> = { ok: true; request: T } | { ok: false; status: number; error: string };

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

function readSigned<T>(bytes: Uint8Array, signature: string | null, secret: string, what: string, read: (body: Json, shopDomain: string) => T): FlowCheck<T> {
  if (!isValidWebhookSignature(bytes, signature, secret)) return { ok: false, status: 401, error: "invalid signature: not a request from Shopify Flow" };
  try {
    const body = asObject(parseShopifyJson(new TextDecoder("utf-8", { fatal: true }).decode(bytes)), "body");
    const shopDomain = str(body, "shopify_domain").toLowerCase();
    if (!SHOP_DOMAIN.test(shopDomain)) throw new PayloadError("shopify_domain must be a myshopify.com domain");
    return { ok: true, request: read(body, shopDomain) };
  } catch (error) {
    if (error instanceof PayloadError || error instanceof SyntaxError || error instanceof TypeError) {
      return { ok: false, status: 400, error: `malformed ${what}: ${error.message}` };
    }
    throw error;
  }
}

export function checkFlowAction(bytes: Uint8Array, signature: string | null, secret: string): FlowCheck<FlowActionRequest> {
  return readSigned(bytes, signature, secret, "Flow action request", (body, shopDomain) => {
    const actionRunId = str(body, "action_run_id");
    if (actionRunId.length > 200) throw new PayloadError("action_run_id is too long");
    return { shopDomain, actionRunId, handle: str(body, "handle"), properties: asObject(body.properties ?? {}, "properties") };
  });
}

export function checkFlowLifecycle(bytes: Uint8Array, signature: string | null, secret: string): FlowCheck<FlowLifecycleCallback> {
  return readSigned(bytes, signature, secret, "Flow lifecycle callback", (body, shopDomain) => {
    const triggerId = str(body, "flow_trigger_definition_id");
    if (triggerId.length > 200) throw new PayloadError("flow_trigger_definition_id is too long");
    if (typeof body.has_enabled_flow !== "boolean") throw new PayloadError("has_enabled_flow must be true or false");
    return { shopDomain, triggerId, hasEnabledFlow: body.has_enabled_flow, timestamp: date(body, "timestamp") };
  });
}
