/**
 * Every Admin GraphQL document the app sends. test/adapters/graphqlSchema.test.ts validates each
 * one against Shopify's Admin schema, so a misspelt field fails a test, not a merchant's backfill.
 */
/** The customer as the ledger keeps it (customerRecordOf), on an order or a subscription contract. */
const CUSTOMER_FIELDS = /* GraphQL */ `
  fragment ReceivableCustomer on Customer {
    id
    email
    firstName
    lastName
    phone
    locale
    tags
    updatedAt
    defaultAddress { company countryCodeV2 address1 address2 zip city province }
  }
`;

const ORDER_FIELDS = /* GraphQL */ `
  fragment ReceivableOrder on Order {
    id
    name
    createdAt
    processedAt
    updatedAt
    cancelledAt
    test
    displayFinancialStatus
    customerLocale
    statusPageUrl
    paymentCollectionDetails { additionalPaymentCollectionUrl }
    currentTotalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
    totalOutstandingSet { shopMoney { amount currencyCode } }
    paymentTerms {
      id
      paymentTermsName
      paymentTermsType
      dueInDays
      paymentSchedules(first: 20) { nodes { dueAt completedAt } }
    }
    customer { ...ReceivableCustomer }
  }
  ${CUSTOMER_FIELDS}
`;

export const SHOP_QUERY = /* GraphQL */ `
  query DunlyShop {
    shop { name currencyCode myshopifyDomain }
  }
`;

export const ORDERS_PAGE_QUERY = /* GraphQL */ `
  query DunlyOrdersPage($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes { ...ReceivableOrder }
    }
  }
  ${ORDER_FIELDS}
`;

export const PAYMENT_TERMS_ORDER_QUERY = /* GraphQL */ `
  query DunlyPaymentTermsOrder($id: ID!) {
    node(id: $id) {
      ... on PaymentTerms { order { ...ReceivableOrder } }
    }
  }
  ${ORDER_FIELDS}
`;

/** The customer's credit status for the pay-later gate Function (app-owned metafield, at most 25 a call). */
export const SET_CREDIT_STATUS_MUTATION = /* GraphQL */ `
  mutation DunlySetCreditStatus($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { id ownerType key value }
      userErrors { field message code }
    }
  }
`;

const PAYMENT_STATE_FIELDS = /* GraphQL */ `
  fragment PaymentState on Order {
    id
    updatedAt
    displayFinancialStatus
    totalOutstandingSet { shopMoney { amount currencyCode } }
  }
`;

/** What Shopify holds on orders' payment right now: before a write-back, and before a step that announces costs. */
export const ORDERS_PAYMENT_STATE_QUERY = /* GraphQL */ `
  query DunlyOrdersPaymentState($ids: [ID!]!) {
    nodes(ids: $ids) { ... on Order { ...PaymentState } }
  }
  ${PAYMENT_STATE_FIELDS}
`;

const RECORDED_PAYMENT_FIELDS = /* GraphQL */ `
  fragment RecordedPayment on Order {
    ...PaymentState
    transactions(first: 50) {
      id
      kind
      status
      gateway
      createdAt
      processedAt
      amountSet { shopMoney { amount currencyCode } }
    }
  }
  ${PAYMENT_STATE_FIELDS}
`;

/** Money received outside checkout that settles the order. */
export const MARK_ORDER_PAID_MUTATION = /* GraphQL */ `
  mutation DunlyMarkOrderPaid($input: OrderMarkAsPaidInput!) {
    orderMarkAsPaid(input: $input) {
      order { ...RecordedPayment }
      userErrors { field message }
    }
  }
  ${RECORDED_PAYMENT_FIELDS}
`;

/** Money received outside checkout for part of what the order owes. */
export const MANUAL_PAYMENT_MUTATION = /* GraphQL */ `
  mutation DunlyRecordManualPayment($id: ID!, $amount: MoneyInput!, $paymentMethodName: String!, $processedAt: DateTime) {
    orderCreateManualPayment(id: $id, amount: $amount, paymentMethodName: $paymentMethodName, processedAt: $processedAt) {
      order { ...RecordedPayment }
      userErrors { field message code }
    }
  }
  ${RECORDED_PAYMENT_FIELDS}
`;

/** The payments recorded outside checkout, with their bank references, on the order itself (app-owned metafield). */
export const PAYMENT_REFERENCES_MUTATION = /* GraphQL */ `
  mutation DunlyRecordPaymentReferences($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { id key }
      userErrors { field message code }
    }
  }
`;

/** Starts the shop's Flow workflows that begin with one of the app's triggers (extensions/flow-trigger-*). */
export const FLOW_TRIGGER_RECEIVE_MUTATION = /* GraphQL */ `
  mutation DunlyFlowTriggerReceive($handle: String!, $payload: JSON!) {
    flowTriggerReceive(handle: $handle, payload: $payload) {
      userErrors { field message }
    }
  }
`;

/** A B2B order's company and the VAT number on its company location (Shopify B2B; read_customers covers it). */
export const ORDER_COMPANY_VAT_QUERY = /* GraphQL */ `
  query DunlyOrderCompanyVat($id: ID!) {
    order(id: $id) {
      purchasingEntity {
        ... on PurchasingCompany {
          company { name }
          location { taxSettings { taxRegistrationId } }
        }
      }
    }
  }
`;

/** A contract with its latest billing attempts: what a renewal webhook (which names no amount or cycle) leaves out. */
export const RENEWAL_CONTRACT_QUERY = /* GraphQL */ `
  query DunlyRenewalContract($id: ID!) {
    subscriptionContract(id: $id) {
      id
      status
      currencyCode
      originOrder { id name }
      customerPaymentMethod { id revokedAt }
      customer { ...ReceivableCustomer }
      lines(first: 50) { nodes { lineDiscountedPrice { amount currencyCode } } }
      deliveryPrice { amount currencyCode }
      billingAttempts(last: 25) {
        nodes {
          id
          idempotencyKey
          createdAt
          completedAt
          originTime
          errorCode
          errorMessage
          nextActionUrl
          order { id }
          transactions(first: 5) {
            nodes { kind status amountSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } } }
          }
        }
      }
    }
  }
  ${CUSTOMER_FIELDS}
`;

/** The billing cycle a date falls in: its index names the renewal, and a retry bills that cycle. */
export const RENEWAL_CYCLE_QUERY = /* GraphQL */ `
  query DunlyRenewalCycle($contractId: ID!, $date: DateTime!) {
    subscriptionBillingCycle(billingCycleInput: { contractId: $contractId, selector: { date: $date } }) {
      cycleIndex
      billingAttemptExpectedDate
    }
  }
`;

export const RENEWAL_RETRY_MUTATION = /* GraphQL */ `
  mutation DunlyRenewalRetry($contractId: ID!, $input: SubscriptionBillingAttemptInput!) {
    subscriptionBillingAttemptCreate(subscriptionContractId: $contractId, subscriptionBillingAttemptInput: $input) {
      subscriptionBillingAttempt { id ready errorCode errorMessage order { id } }
      userErrors { field message code }
    }
  }
`;

export const PAYMENT_METHOD_UPDATE_EMAIL_MUTATION = /* GraphQL */ `
  mutation DunlyPaymentMethodUpdateEmail($id: ID!) {
    customerPaymentMethodSendUpdateEmail(customerPaymentMethodId: $id) {
      customer { id }
      userErrors { field message }
    }
  }
`;

export const CONTRACT_PAUSE_MUTATION = /* GraphQL */ `
  mutation DunlyContractPause($id: ID!) {
    subscriptionContractPause(subscriptionContractId: $id) {
      contract { id status }
      userErrors { field message code }
    }
  }
`;

export const CONTRACT_CANCEL_MUTATION = /* GraphQL */ `
  mutation DunlyContractCancel($id: ID!) {
    subscriptionContractCancel(subscriptionContractId: $id) {
      contract { id status }
      userErrors { field message code }
    }
  }
`;

export const ALL_QUERIES = {
  SHOP_QUERY, ORDERS_PAGE_QUERY, PAYMENT_TERMS_ORDER_QUERY, SET_CREDIT_STATUS_MUTATION, ORDERS_PAYMENT_STATE_QUERY,
  MARK_ORDER_PAID_MUTATION, MANUAL_PAYMENT_MUTATION, PAYMENT_REFERENCES_MUTATION, FLOW_TRIGGER_RECEIVE_MUTATION, ORDER_COMPANY_VAT_QUERY,
  RENEWAL_CONTRACT_QUERY, RENEWAL_CYCLE_QUERY, RENEWAL_RETRY_MUTATION, PAYMENT_METHOD_UPDATE_EMAIL_MUTATION,
  CONTRACT_PAUSE_MUTATION, CONTRACT_CANCEL_MUTATION,
};

/** Orders that still expect money, in Shopify's search syntax; `since` narrows a reconciliation. */
export function openOrdersSearch(since?: Date): string {
  const open = "(financial_status:pending OR financial_status:authorized OR financial_status:partially_paid)";
  return since ? `${open} AND updated_at:>='${since.toISOString()}'` : open;
}
