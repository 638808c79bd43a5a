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
import type { OrderNode } from "../../app/adapters/shopify/graphql/orders";

export interface FakeAdminState {
  accessToken: string;
  shop: { name: string; currencyCode: string; myshopifyDomain: string };
  orders: OrderNode[];
  /** answer the next N requests with this HTTP status (429 / 500) before serving normally */
  failNext?: { status: number; count: number };
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

function resolve(operation: string, variables: Record<string, any>, state: FakeAdminState) {
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
  }
  throw new Error(`the fake has no resolver for ${operation}`);
}

export async function startFakeShopifyAdmin(initial?: FakeAdminState): Promise<FakeAdmin> {
  let state: FakeAdminState = initial ?? { accessToken: "", shop: { name: "", currencyCode: "EUR", myshopifyDomain: "" }, orders: [] };
  const requests: FakeAdmin["requests"] = [];
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
      return send(200, { ok: true });
    }
    if (req.url === "/__fake/requests") return send(200, requests);
    if (req.method !== "POST" || !/^\/admin\/api\/\d{4}-\d{2}\/graphql\.json$/.test(req.url ?? "")) {
      return send(404, { errors: "Not Found" });
    }
    if (req.headers["x-shopify-access-token"] !== state.accessToken) {
      return send(401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    }
    if (state.failNext && state.failNext.count > 0) {
      state.failNext.count -= 1;
      return send(state.failNext.status, { errors: "Service unavailable" });
    }
    let parsedBody: { query?: string; variables?: Record<string, unknown> };
    try {
      parsedBody = JSON.parse(body);
    } catch {
      return send(400, { errors: "Bad Request" });
    }
    const query = parsedBody.query ?? "";
    const problems = validateAdminQuery(query);
    if (problems.length) return send(200, { errors: problems.map((message) => ({ message, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } })) });
    const operation = (parse(query).definitions.find((d) => d.kind === "OperationDefinition") as OperationDefinitionNode).name?.value ?? "";
    requests.push({ operation, variables: parsedBody.variables ?? {} });
    try {
      return send(200, { data: resolve(operation, parsedBody.variables ?? {}, state), extensions: { cost: { requestedQueryCost: 1 } } });
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
