/**
 * A local stand-in for Shopify's Admin GraphQL endpoint that speaks its wire format:
 * POST /admin/api/{version}/graphql.json with X-Shopify-Access-Token, documents validated
 * against the real Admin schema (errors answered the way Shopify answers them), cursor pages.
 * Its data is loaded over HTTP (PUT /__fake/state) so tests in other processes can set it.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parse, type OperationDefinitionNode } from "graphql";
import { validateAdminQuery } from "./adminSchema";
import { declaredTriggers } from "./flowExtensions";
import { triggerPayloadProblems } from "../../app/domain/flowTriggers";
import type { OrderNode } from "../../app/adapters/shopify/graphql/orders";
import type { RenewalContractNode } from "../../app/adapters/shopify/graphql/subscriptions";
import { asCurrency, parseMinor, toDecimalString } from "../../app/domain/money";
import { parseShopifyJson } from "../../app/adapters/shopify/json";

export interface FakeAdminState {
  accessToken: string;
  shop: { name: string; currencyCode: string; myshopifyDomain: string };
  orders: OrderNode[];
  /** answer the next N requests with this HTTP status (429 / 500) before serving normally */
  failNext?: { status: number; count: number };
  /** the transactions the payment mutations made, per order */
  transactions?: Record<string, FakeTransaction[]>;
  /** orderCreateManualPayment answers this user error (as for a shop whose setup does not allow it) */
  refuseManualPayments?: { code: string; message: string };
  /** app metafields set on orders: owner id -> key -> value */
  orderMetafields?: Record<string, Record<string, string>>;
  /** B2B orders: order id -> the purchasing company and its location's VAT number */
  orderCompanies?: Record<string, { company: string; taxRegistrationId: string | null }>;
  /** subscription contracts the app owns, with their billing cycles (every `cycleDays` from `cycleStart`, index 1 first) */
  contracts?: FakeContract[];
  /** customerPaymentMethodSendUpdateEmail calls answered: payment method ids */
  updateEmailsSent?: string[];
  /** the time Shopify stamps on what it creates (the tests' clock); else the wall clock */
  now?: string;
}

export interface FakeContract {
  node: RenewalContractNode;
  cycleStart: string;
  cycleDays: number;
}

/** The billing cycle a date falls in, as subscriptionBillingCycle(selector: { date }) answers it. */
function cycleAt(contract: FakeContract, date: string) {
  const days = Math.floor((Date.parse(date) - Date.parse(contract.cycleStart)) / 86_400_000);
  const index = Math.floor(days / contract.cycleDays) + 1;
  if (index < 1) return null;
  return { cycleIndex: index, billingAttemptExpectedDate: new Date(Date.parse(contract.cycleStart) + (index - 1) * contract.cycleDays * 86_400_000).toISOString() };
}

let attemptSeq = 700_000;

/** subscriptionBillingAttemptCreate as Shopify takes it: one attempt per idempotency key, none on an ended contract. */
function createBillingAttempt(state: FakeAdminState, variables: Record<string, any>) {
  const contract = state.contracts?.find((c) => c.node.id === variables.contractId);
  if (!contract) return { subscriptionBillingAttempt: null, userErrors: [{ field: ["subscriptionContractId"], message: "Contract not found", code: "CONTRACT_NOT_FOUND" }] };
  if (contract.node.status !== "ACTIVE") {
    const code = contract.node.status === "PAUSED" ? "CONTRACT_PAUSED" : "CONTRACT_TERMINATED";
    return { subscriptionBillingAttempt: null, userErrors: [{ field: ["subscriptionContractId"], message: `Contract is ${contract.node.status.toLowerCase()}`, code }] };
  }
  const key = variables.input.idempotencyKey;
  let attempt = contract.node.billingAttempts.nodes.find((a) => a.idempotencyKey === key);
  if (!attempt) {
    const index = variables.input.billingCycleSelector?.index ?? 1;
    const origin = new Date(Date.parse(contract.cycleStart) + (index - 1) * contract.cycleDays * 86_400_000).toISOString();
    attempt = {
      id: `gid://shopify/SubscriptionBillingAttempt/${++attemptSeq}`, idempotencyKey: key, createdAt: state.now ?? new Date().toISOString(), completedAt: null,
      originTime: origin, errorCode: null, errorMessage: null, nextActionUrl: null, order: null, transactions: { nodes: [] },
    };
    contract.node.billingAttempts.nodes.push(attempt);
  }
  return { subscriptionBillingAttempt: { id: attempt.id, ready: false, errorCode: null, errorMessage: null, order: null }, userErrors: [] };
}

function setContractStatus(state: FakeAdminState, id: string, status: "PAUSED" | "CANCELLED") {
  const contract = state.contracts?.find((c) => c.node.id === id);
  if (!contract) return { contract: null, userErrors: [{ field: ["subscriptionContractId"], message: "Contract not found", code: "CONTRACT_NOT_FOUND" }] };
  if (contract.node.status === "CANCELLED") return { contract: null, userErrors: [{ field: null, message: "Contract is cancelled", code: "INVALID" }] };
  contract.node.status = status;
  return { contract: { id, status }, userErrors: [] };
}

export interface FakeTransaction {
  id: string; kind: string; status: string; gateway: string; createdAt: string; processedAt: string;
  amountSet: { shopMoney: { amount: string; currencyCode: string } };
}

let transactionSeq = 900_000;

/** Money received on an order the way Shopify books it: a successful SALE, the outstanding lowered, the status moved. */
function bookPayment(state: FakeAdminState, order: OrderNode, amountMinor: number, gateway: string, processedAt: string | null) {
  const currency = asCurrency(order.totalOutstandingSet.shopMoney.currencyCode);
  const left = parseMinor(order.totalOutstandingSet.shopMoney.amount, currency) - amountMinor;
  const now = new Date().toISOString();
  const transaction: FakeTransaction = {
    id: `gid://shopify/OrderTransaction/${++transactionSeq}`, kind: "SALE", status: "SUCCESS", gateway, createdAt: now, processedAt: processedAt ?? now,
    amountSet: { shopMoney: { amount: toDecimalString(amountMinor, currency), currencyCode: currency } },
  };
  order.totalOutstandingSet = { shopMoney: { amount: toDecimalString(Math.max(0, left), currency), currencyCode: currency } };
  order.displayFinancialStatus = left <= 0 ? "PAID" : "PARTIALLY_PAID";
  order.updatedAt = now;
  state.transactions ??= {};
  (state.transactions[order.id] ??= []).push(transaction);
  return { ...paymentState(order), transactions: state.transactions[order.id] };
}

function paymentState(order: OrderNode) {
  return { id: order.id, updatedAt: order.updatedAt, displayFinancialStatus: order.displayFinancialStatus, totalOutstandingSet: order.totalOutstandingSet };
}

export interface FakeAdmin {
  origin: string;
  requests: { operation: string; variables: Record<string, unknown> }[];
  setState(state: FakeAdminState): void;
  close(): Promise<void>;
}

const OPEN_STATUSES = new Set(["PENDING", "AUTHORIZED", "PARTIALLY_PAID"]);

function searchOrders(orders: OrderNode[], query: string | undefined): OrderNode[] {
  if (!query) return orders;
  const ids = [...query.matchAll(/id:(\d+)/g)].map((m) => `gid://shopify/Order/${m[1]}`);
  if (ids.length) return orders.filter((o) => ids.includes(o.id));
  const since = /updated_at:>='([^']+)'/.exec(query)?.[1];
  return orders.filter((o) =>
    (!query.includes("financial_status:") || OPEN_STATUSES.has(o.displayFinancialStatus ?? "")) &&
    (!since || o.updatedAt >= since));
}

function resolve(operation: string, variables: Record<string, any>, state: FakeAdminState, body: string) {
  switch (operation) {
    case "DunlyShop":
      return { shop: state.shop };
    case "DunlyOrdersPage": {
      const all = searchOrders(state.orders, variables.query).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
      const start = variables.after ? Number(Buffer.from(variables.after, "base64").toString()) : 0;
      const nodes = all.slice(start, start + variables.first);
      const end = start + nodes.length;
      return {
        orders: {
          pageInfo: { hasNextPage: end < all.length, endCursor: nodes.length ? Buffer.from(String(end)).toString("base64") : null },
          nodes,
        },
      };
    }
    case "DunlyPaymentTermsOrder": {
      const order = state.orders.find((o) => o.paymentTerms?.id === variables.id);
      return { node: order ? { order } : null };
    }
    case "DunlySetCreditStatus": {
      const metafields = variables.metafields as { ownerId: string; namespace: string; key: string; type: string; value: string }[];
      if (metafields.length > 25) return { metafieldsSet: { metafields: [], userErrors: [{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO" }] } };
      const bad = metafields.find((m) => !/^gid:\/\/shopify\/Customer\/\d+$/.test(m.ownerId));
      if (bad) return { metafieldsSet: { metafields: [], userErrors: [{ field: ["metafields", "0", "ownerId"], message: "Owner does not exist", code: "INVALID" }] } };
      return { metafieldsSet: { metafields: metafields.map((m, i) => ({ id: `gid://shopify/Metafield/${i + 1}`, ownerType: "CUSTOMER", key: m.key, value: m.value })), userErrors: [] } };
    }
    case "DunlyRecordPaymentReferences": {
      const metafields = variables.metafields as { ownerId: string; namespace: string; key: string; type: string; value: string }[];
      const bad = metafields.find((m) => !state.orders.some((o) => o.id === m.ownerId));
      if (bad) return { metafieldsSet: { metafields: [], userErrors: [{ field: ["metafields", "0", "ownerId"], message: "Owner does not exist", code: "INVALID" }] } };
      const notJson = metafields.find((m) => m.type === "json" && (() => { try { JSON.parse(m.value); return false; } catch { return true; } })());
      if (notJson) return { metafieldsSet: { metafields: [], userErrors: [{ field: ["metafields", "0", "value"], message: "Value is invalid JSON", code: "INVALID_VALUE" }] } };
      state.orderMetafields ??= {};
      for (const m of metafields) (state.orderMetafields[m.ownerId] ??= {})[m.key] = m.value;
      return { metafieldsSet: { metafields: metafields.map((m, i) => ({ id: `gid://shopify/Metafield/${900 + i}`, key: m.key })), userErrors: [] } };
    }
    case "DunlyOrdersPaymentState": {
      return { nodes: (variables.ids as string[]).map((id) => { const o = state.orders.find((x) => x.id === id); return o ? paymentState(o) : null; }) };
    }
    case "DunlyMarkOrderPaid": {
      const order = state.orders.find((o) => o.id === variables.input.id);
      if (!order) return { orderMarkAsPaid: { order: null, userErrors: [{ field: ["id"], message: "Order does not exist" }] } };
      const owed = parseMinor(order.totalOutstandingSet.shopMoney.amount, asCurrency(order.totalOutstandingSet.shopMoney.currencyCode));
      if (owed <= 0) return { orderMarkAsPaid: { order: null, userErrors: [{ field: null, message: "Order cannot be marked as paid." }] } };
      return { orderMarkAsPaid: { order: bookPayment(state, order, owed, "manual", null), userErrors: [] } };
    }
    case "DunlyRecordManualPayment": {
      const order = state.orders.find((o) => o.id === variables.id);
      if (!order) return { orderCreateManualPayment: { order: null, userErrors: [{ field: ["id"], message: "Order not found", code: "ORDER_NOT_FOUND" }] } };
      if (state.refuseManualPayments) return { orderCreateManualPayment: { order: null, userErrors: [{ field: null, ...state.refuseManualPayments }] } };
      const currency = asCurrency(variables.amount.currencyCode);
      const amount = parseMinor(variables.amount.amount, currency);
      const owed = parseMinor(order.totalOutstandingSet.shopMoney.amount, currency);
      if (amount <= 0) return { orderCreateManualPayment: { order: null, userErrors: [{ field: ["amount"], message: "Amount must be positive", code: "AMOUNT_NOT_POSITIVE" }] } };
      if (amount > owed) return { orderCreateManualPayment: { order: null, userErrors: [{ field: ["amount"], message: "Amount exceeds the remaining balance", code: "AMOUNT_EXCEEDS_BALANCE" }] } };
      if (variables.processedAt && Date.parse(variables.processedAt) > Date.now() + 60_000) {
        return { orderCreateManualPayment: { order: null, userErrors: [{ field: ["processedAt"], message: "Processed at is invalid", code: "PROCESSED_AT_INVALID" }] } };
      }
      return { orderCreateManualPayment: { order: bookPayment(state, order, amount, variables.paymentMethodName ?? "Other", variables.processedAt ?? null), userErrors: [] } };
    }
    case "DunlyRenewalContract":
      return { subscriptionContract: state.contracts?.find((c) => c.node.id === variables.id)?.node ?? null };
    case "DunlyRenewalCycle": {
      const contract = state.contracts?.find((c) => c.node.id === variables.contractId);
      return { subscriptionBillingCycle: contract ? cycleAt(contract, variables.date) : null };
    }
    case "DunlyRenewalRetry":
      return { subscriptionBillingAttemptCreate: createBillingAttempt(state, variables) };
    case "DunlyPaymentMethodUpdateEmail": {
      const method = state.contracts?.map((c) => c.node.customerPaymentMethod).find((m) => m?.id === variables.id);
      if (!method || method.revokedAt) return { customerPaymentMethodSendUpdateEmail: { customer: null, userErrors: [{ field: ["customerPaymentMethodId"], message: "Customer payment method does not exist" }] } };
      (state.updateEmailsSent ??= []).push(variables.id);
      return { customerPaymentMethodSendUpdateEmail: { customer: { id: "gid://shopify/Customer/1" }, userErrors: [] } };
    }
    case "DunlyContractPause":
      return { subscriptionContractPause: setContractStatus(state, variables.id, "PAUSED") };
    case "DunlyContractCancel":
      return { subscriptionContractCancel: setContractStatus(state, variables.id, "CANCELLED") };
    case "DunlyOrderCompanyVat": {
      const order = state.orders.find((o) => o.id === variables.id);
      const company = state.orderCompanies?.[variables.id];
      // a consumer's order has a PurchasingCompany nowhere: the inline fragment selects nothing
      return { order: order ? { purchasingEntity: company ? { company: { name: company.company }, location: { taxSettings: { taxRegistrationId: company.taxRegistrationId } } } : {} } : null };
    }
    case "DunlyFlowTriggerReceive": {
      // Flow checks the payload against the trigger's declaration (its extension toml)
      const trigger = declaredTriggers().find((t) => t.handle === variables.handle);
      if (!trigger) return { flowTriggerReceive: { userErrors: [{ field: ["handle"], message: `Could not find a trigger with handle ${variables.handle}` }] } };
      // a reference id must travel as a bare integer, also beyond 2^53 (parsed here as digits)
      const payload = { ...(variables.payload ?? {}) };
      for (const key of ["order_id", "customer_id"]) {
        if (typeof payload[key] === "string" && new RegExp(`"${key}":${payload[key]}[,}]`).test(body)) payload[key] = BigInt(payload[key]);
      }
      const problems = triggerPayloadProblems(trigger, payload);
      return { flowTriggerReceive: { userErrors: problems.map((message) => ({ field: ["payload"], message })) } };
    }
  }
  throw new Error(`the fake has no resolver for ${operation}`);
}

export async function startFakeShopifyAdmin(initial?: FakeAdminState): Promise<FakeAdmin> {
  let state: FakeAdminState = initial ?? { accessToken: "", shop: { name: "", currencyCode: "EUR", myshopifyDomain: "" }, orders: [] };
  const requests: FakeAdmin["requests"] = [];
  /** every call to the GraphQL endpoint, answered or failed on purpose */
  let calls = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (req.url === "/__fake/state" && req.method === "PUT") {
      state = JSON.parse(body);
      requests.length = 0;
      calls = 0;
      return send(200, { ok: true });
    }
    if (req.url === "/__fake/requests") return send(200, requests);
    if (req.url === "/__fake/calls") return send(200, { calls });
    if (req.url === "/__fake/state" && req.method === "GET") return send(200, state);
    if (req.method !== "POST" || !/^\/admin\/api\/\d{4}-\d{2}\/graphql\.json$/.test(req.url ?? "")) {
      return send(404, { errors: "Not Found" });
    }
    calls += 1;
    if (req.headers["x-shopify-access-token"] !== state.accessToken) {
      return send(401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    }
    if (state.failNext && state.failNext.count > 0) {
      state.failNext.count -= 1;
      return send(state.failNext.status, { errors: "Service unavailable" });
    }
    let parsedBody: { query?: string; variables?: Record<string, unknown> };
    try {
      parsedBody = parseShopifyJson(body) as typeof parsedBody;
    } catch {
      return send(400, { errors: "Bad Request" });
    }
    const query = parsedBody.query ?? "";
    const problems = validateAdminQuery(query);
    if (problems.length) return send(200, { errors: problems.map((message) => ({ message, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } })) });
    const operation = (parse(query).definitions.find((d) => d.kind === "OperationDefinition") as OperationDefinitionNode).name?.value ?? "";
    requests.push({ operation, variables: parsedBody.variables ?? {} });
    try {
      return send(200, { data: resolve(operation, parsedBody.variables ?? {}, state, body), extensions: { cost: { requestedQueryCost: 1 } } });
    } catch (error) {
      return send(200, { errors: [{ message: (error as Error).message }] });
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    setState: (next) => { state = next; requests.length = 0; },
    close: () => new Promise((done) => server.close(() => done())),
  };
}
