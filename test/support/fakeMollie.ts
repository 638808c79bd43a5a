/**
 * A local stand-in for Mollie's Payments API v2 that speaks its wire format: Bearer API keys,
 * JSON bodies, HAL+JSON payments with _links.checkout, Mollie's error objects (401, 404, 422).
 * A test "pays" a payment (PUT /__fake/pay/<id>), and the fake then calls the payment's webhook the
 * way Mollie does: a form post with the id only.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeMolliePayment {
  resource: "payment";
  id: string;
  mode: "test" | "live";
  createdAt: string;
  amount: { currency: string; value: string };
  description: string;
  method: string | null;
  metadata: unknown;
  status: "open" | "paid" | "failed" | "canceled" | "expired";
  isCancelable: boolean;
  expiresAt: string;
  paidAt?: string;
  profileId: string;
  sequenceType: "oneoff";
  redirectUrl: string;
  webhookUrl: string;
  _links: Record<string, { href: string; type: string }>;
}

export interface FakeMollie {
  origin: string;
  /** what to give @mollie/api-client as apiEndpoint */
  apiEndpoint: string;
  close(): Promise<void>;
}

const DOCS = { documentation: { href: "https://docs.mollie.com/overview/handling-errors", type: "text/html" } };
const error = (status: number, title: string, detail: string, field?: string) => ({ status, title, detail, ...(field ? { field } : {}), _links: DOCS });

export async function startFakeMollie(apiKeys: string[] = []): Promise<FakeMollie> {
  const keys = new Set(apiKeys);
  const payments = new Map<string, FakeMolliePayment>();
  let seq = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const send = (status: number, payload: unknown, type = "application/hal+json") => {
      res.writeHead(status, { "Content-Type": type });
      res.end(JSON.stringify(payload));
    };
    const url = new URL(req.url ?? "/", "http://fake");
    if (url.pathname === "/__fake/keys" && req.method === "PUT") {
      for (const key of JSON.parse(body) as string[]) keys.add(key);
      return send(200, { ok: true }, "application/json");
    }
    if (url.pathname === "/__fake/payments") return send(200, [...payments.values()], "application/json");
    const pay = /^\/__fake\/(pay|fail)\/(tr_\w+)$/.exec(url.pathname);
    if (pay && req.method === "PUT") {
      const payment = payments.get(pay[2]);
      if (!payment) return send(404, { ok: false }, "application/json");
      if (pay[1] === "pay") Object.assign(payment, { status: "paid", paidAt: new Date().toISOString(), method: "ideal", isCancelable: false });
      else Object.assign(payment, { status: "failed", isCancelable: false });
      // Mollie's webhook: a form post carrying nothing but the id
      const hook = await fetch(payment.webhookUrl, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ id: payment.id }) });
      return send(200, { webhookStatus: hook.status, webhookBody: await hook.text() }, "application/json");
    }
    const auth = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!auth || !keys.has(auth)) return send(401, error(401, "Unauthorized Request", "Missing authentication, or failed to authenticate"));
    if (req.method === "POST" && url.pathname === "/v2/payments") {
      let input: Record<string, any>;
      try {
        input = JSON.parse(body);
      } catch {
        return send(400, error(400, "Bad Request", "The request body is not valid JSON"));
      }
      if (!input.amount || !/^\d+\.\d{2}$/.test(String(input.amount.value)) || !/^[A-Z]{3}$/.test(String(input.amount.currency))) {
        return send(422, error(422, "Unprocessable Entity", "The amount contains an invalid value", "amount.value"));
      }
      if (Number(input.amount.value) < 0.01) return send(422, error(422, "Unprocessable Entity", "The amount is lower than minimum.", "amount"));
      if (!input.description) return send(422, error(422, "Unprocessable Entity", "The description is invalid", "description"));
      if (!/^https?:\/\//.test(input.redirectUrl ?? "")) return send(422, error(422, "Unprocessable Entity", "The redirect URL is invalid", "redirectUrl"));
      if (input.webhookUrl !== undefined && !/^https?:\/\//.test(input.webhookUrl)) return send(422, error(422, "Unprocessable Entity", "The webhook URL is invalid", "webhookUrl"));
      const id = `tr_fake${String(++seq).padStart(6, "0")}`;
      const self = `http://${req.headers.host}/v2/payments/${id}`;
      const payment: FakeMolliePayment = {
        resource: "payment", id, mode: auth.startsWith("live_") ? "live" : "test", createdAt: new Date().toISOString(),
        amount: input.amount, description: input.description, method: input.method ?? null, metadata: input.metadata ?? null, status: "open",
        isCancelable: false, expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(), profileId: "pfl_fake00001", sequenceType: "oneoff",
        redirectUrl: input.redirectUrl, webhookUrl: input.webhookUrl,
        _links: {
          self: { href: self, type: "application/hal+json" },
          checkout: { href: `https://www.mollie.com/checkout/select-method/${id.slice(3)}`, type: "text/html" },
          dashboard: { href: `https://www.mollie.com/dashboard/org_fake/payments/${id}`, type: "text/html" },
          ...DOCS,
        },
      };
      payments.set(id, payment);
      return send(201, payment);
    }
    const get = /^\/v2\/payments\/(tr_\w+)$/.exec(url.pathname);
    if (req.method === "GET" && get) {
      const payment = payments.get(get[1]);
      return payment ? send(200, payment) : send(404, error(404, "Not Found", `No payment exists with token ${get[1]}.`));
    }
    return send(404, error(404, "Not Found", "The resource does not exist"));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return { origin, apiEndpoint: `${origin}/v2/`, close: () => new Promise((done) => server.close(() => done())) };
}
