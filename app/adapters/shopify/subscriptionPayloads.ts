/** Subscription webhooks (subscription_billing_attempts/*, customer_payment_methods/*) -> plain records. */
import { asObject, gid, gidFromId, optStr, PayloadError, str, type Json } from "./json";

export interface BillingAttemptWebhook {
  contractGid: string;
  /** the key the attempt was created with: ours when we retried, the subscription app's otherwise */
  idempotencyKey: string;
  /** the order a successful attempt made */
  orderGid: string | null;
  /** lower case, as the webhook sends it (GraphQL sends the same code in capitals) */
  errorCode: string | null;
  errorMessage: string | null;
}

/** subscription_billing_attempts/failure | success | challenged: the attempt's id is often null, the contract and key are always there. */
export function billingAttemptFromPayload(payload: unknown): BillingAttemptWebhook {
  const attempt = asObject(payload, "billing attempt");
  const contractGid = attempt.admin_graphql_api_subscription_contract_id !== undefined
    ? gid(attempt, "admin_graphql_api_subscription_contract_id", "SubscriptionContract")
    : gidFromId(attempt, "subscription_contract_id", "SubscriptionContract");
  const orderGid = attempt.order_id === null || attempt.order_id === undefined ? null : gidFromId(attempt, "order_id", "Order");
  const errorCode = optStr(attempt, "error_code");
  if (errorCode !== null && !/^[A-Za-z_]{1,80}$/.test(errorCode)) throw new PayloadError("error_code is not an error code");
  return {
    contractGid, idempotencyKey: str(attempt, "idempotency_key"), orderGid,
    errorCode: errorCode?.toLowerCase() ?? null, errorMessage: optStr(attempt, "error_message"),
  };
}

export interface PaymentMethodWebhook {
  paymentMethodGid: string;
  customerGid: string;
}

const PAYMENT_METHOD_GID = /^gid:\/\/shopify\/CustomerPaymentMethod\/[A-Za-z0-9_-]{1,100}$/;

/** customer_payment_methods/create | update | revoke: whose payment method changed. */
export function paymentMethodFromPayload(payload: unknown): PaymentMethodWebhook {
  const method: Json = asObject(payload, "payment method");
  const paymentMethodGid = str(method, "admin_graphql_api_id");
  if (!PAYMENT_METHOD_GID.test(paymentMethodGid)) throw new PayloadError("admin_graphql_api_id is not a CustomerPaymentMethod gid");
  const customerGid = method.admin_graphql_api_customer_id !== undefined
    ? gid(method, "admin_graphql_api_customer_id", "Customer")
    : gidFromId(method, "customer_id", "Customer");
  return { paymentMethodGid, customerGid };
}
