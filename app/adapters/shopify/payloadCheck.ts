/**
 * Reads a webhook body the way the worker will, before it is answered: a body Shopify would never
 * send (a wrong type, an impossible date, an amount that is not money) is refused with a 4xx that
 * names the field, instead of a 200 followed by a silent rejection.
 */
import type { CurrencyCode } from "../../domain/money";
import { asObject, gidFromId, PayloadError, recordGid, type Json } from "./json";
import {
  complianceSubjectFromPayload, customerFromPayload, disputeFromPayload, orderSnapshotFromPayload, paymentFactFromTransaction,
  paymentTermsGidFromPayload, refundFactFromPayload,
} from "./payloads";
import { ORDER_TOPICS, PAYMENT_TERMS_TOPICS, type Topic } from "./topics";
import { billingAttemptFromPayload, paymentMethodFromPayload } from "./subscriptionPayloads";

/**
 * A refund whose amounts name no currency is read in the shop's currency, which only the worker
 * knows; here such amounts are read as precisely as any currency allows (three decimals).
 */
const ANY_PRECISION = "BHD" as CurrencyCode;

/** `text`: the body as sent, which shows at a glance whether any string can hold what PostgreSQL refuses. */
export function checkPayload(topic: Topic, payload: Json, text: string): void {
  if (MAY_HOLD_UNSTORABLE_TEXT.test(text)) rejectNulCharacters(payload);
  if ((ORDER_TOPICS as readonly string[]).includes(topic)) {
    orderSnapshotFromPayload(payload);
    if (payload.customer) customerFromPayload(payload.customer);
  } else if ((PAYMENT_TERMS_TOPICS as readonly string[]).includes(topic)) {
    paymentTermsGidFromPayload(payload);
  } else if (topic === "order_transactions/create") {
    if (!paymentFactFromTransaction(payload)) gidFromId(payload, "order_id", "Order");
  } else if (topic === "refunds/create") {
    refundFactFromPayload(payload, ANY_PRECISION);
  } else if (topic === "customers/update") {
    customerFromPayload(payload);
  } else if (topic === "disputes/create" || topic === "disputes/update") {
    disputeFromPayload(payload);
  } else if (topic === "customers/data_request" || topic === "customers/redact") {
    complianceSubjectFromPayload(payload);
  } else if (topic === "shop/redact") {
    asObject(payload, "payload");
  } else if (topic.startsWith("subscription_billing_attempts/")) {
    billingAttemptFromPayload(payload);
  } else if (topic.startsWith("subscription_contracts/")) {
    recordGid(payload, "SubscriptionContract");
  } else if (topic.startsWith("customer_payment_methods/")) {
    paymentMethodFromPayload(payload);
  }
}

const COMPLIANCE_TOPICS = new Set(["shop/redact", "customers/redact", "customers/data_request"]);

/**
 * The HMAC covers the body, not the headers: a signed body of one shop re-sent with another
 * shop's X-Shopify-Shop-Domain must not act on that other shop. Where the body names its shop,
 * the two must agree.
 */
export function checkShopBinding(topic: Topic, payload: Json, shopDomain: string): void {
  if (COMPLIANCE_TOPICS.has(topic)) {
    const named = payload.shop_domain;
    if (typeof named !== "string" || named.toLowerCase() !== shopDomain) {
      throw new PayloadError(`shop_domain ${JSON.stringify(named ?? null)} does not match X-Shopify-Shop-Domain ${shopDomain}`);
    }
  } else if (topic === "app/uninstalled") {
    // the Shop resource: myshopify_domain is the shop's own domain; domain may be a custom one
    const named = [payload.myshopify_domain, payload.domain].find((d): d is string => typeof d === "string" && d.toLowerCase().endsWith(".myshopify.com"));
    if (named !== undefined && named.toLowerCase() !== shopDomain) {
      throw new PayloadError(`the shop ${JSON.stringify(named)} in the body does not match X-Shopify-Shop-Domain ${shopDomain}`);
    }
  }
}

/**
 * Valid JSON can carry a NUL or a half of a surrogate pair only as an escape (a raw control
 * character is a syntax error, and the body was decoded as strict UTF-8): without such an escape
 * in the text, no string needs the walk below.
 */
const MAY_HOLD_UNSTORABLE_TEXT = /\\u(?:0000|d[89a-f])/i;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** PostgreSQL text cannot hold U+0000, and no name or note needs it. */
function rejectNulCharacters(value: unknown, path = "payload"): void {
  if (typeof value === "string") {
    if (value.includes("\u0000")) throw new PayloadError(`${path} contains a NUL character`);
    // a lone surrogate (an escaped half of a character) cannot be stored as text in PostgreSQL
    if (LONE_SURROGATE.test(value)) throw new PayloadError(`${path} contains a lone surrogate (not valid Unicode text)`);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => rejectNulCharacters(item, `${path}[${i}]`));
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) rejectNulCharacters(item, path === "payload" ? key : `${path}.${key}`);
  }
}
