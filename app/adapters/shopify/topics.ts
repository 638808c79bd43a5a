/** Webhook topics as Shopify names them in X-Shopify-Topic, and the app subscribes to in shopify.app.toml. */
export const ORDER_TOPICS = ["orders/create", "orders/updated", "orders/paid", "orders/cancelled"] as const;
export const PAYMENT_TERMS_TOPICS = [
  "payment_terms/create", "payment_terms/update", "payment_terms/delete", "payment_schedules/due",
] as const;
/** Failed renewals of the subscription contracts the app owns, and what ends or unblocks their recovery. */
export const SUBSCRIPTION_TOPICS = [
  "subscription_billing_attempts/failure", "subscription_billing_attempts/success", "subscription_billing_attempts/challenged",
  "subscription_contracts/pause", "subscription_contracts/cancel", "subscription_contracts/expire", "subscription_contracts/fail",
  "customer_payment_methods/create", "customer_payment_methods/update",
] as const;
export const COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"] as const;

export const SUBSCRIBED_TOPICS = [
  ...ORDER_TOPICS,
  "order_transactions/create",
  "refunds/create",
  ...PAYMENT_TERMS_TOPICS,
  "customers/update",
  "disputes/create",
  "disputes/update",
  "app/uninstalled",
  "app/scopes_update",
  ...SUBSCRIPTION_TOPICS,
] as const;

export type Topic = (typeof SUBSCRIBED_TOPICS)[number] | (typeof COMPLIANCE_TOPICS)[number];

const KNOWN = new Set<string>([...SUBSCRIBED_TOPICS, ...COMPLIANCE_TOPICS]);

export function isKnownTopic(topic: string): topic is Topic {
  return KNOWN.has(topic);
}

export function isComplianceTopic(topic: string): boolean {
  return (COMPLIANCE_TOPICS as readonly string[]).includes(topic);
}
