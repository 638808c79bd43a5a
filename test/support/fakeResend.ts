/**
 * A local server that answers like Resend's API (POST /emails): Bearer key, JSON body,
 * 201 with an id, 422 on a missing field, 429 / 500 on demand, and Idempotency-Key honoured
 * (a repeated key returns the first id without a second email).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";

export interface FakeResend {
  baseUrl: string;
  /** emails actually accepted (one per idempotency key) */
  emails: { id: string; idempotencyKey: string | null; body: Record<string, unknown> }[];
  /** every request, failed ones included */
  attempts: { status: number; idempotencyKey: string | null }[];
  failNext(status: number, count: number): void;
  /** from now on a share of requests answers 429 or 500 (alternating), chosen by `random` */
  failSome(share: number, random: () => number): void;
  /** after `accepted` emails, the next one is accepted but never answered: the answer is lost on the way */
  loseAnswerAfter(accepted: number): void;
  close(): Promise<void>;
}

export async function startFakeResend(apiKey: string): Promise<FakeResend> {
  const emails: FakeResend["emails"] = [];
  const attempts: FakeResend["attempts"] = [];
  let failures: { status: number; count: number } = { status: 0, count: 0 };
  let flaky: { share: number; random: () => number; next: number } | null = null;
  let loseAfter: number | null = null;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const idempotencyKey = (req.headers["idempotency-key"] as string | undefined) ?? null;
    const reply = (status: number, body: unknown) => {
      attempts.push({ status, idempotencyKey });
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "POST" || req.url !== "/emails") return reply(404, { statusCode: 404, name: "not_found", message: "Not found" });
    if (req.headers.authorization !== `Bearer ${apiKey}`) return reply(401, { statusCode: 401, name: "missing_api_key", message: "API key is invalid" });
    let failWith = 0;
    if (failures.count > 0) {
      failures.count -= 1;
      failWith = failures.status;
    } else if (flaky && flaky.random() < flaky.share) {
      failWith = (flaky.next = flaky.next === 429 ? 500 : 429);
    }
    if (failWith) {
      const name = failWith === 429 ? "rate_limit_exceeded" : "internal_server_error";
      return reply(failWith, { statusCode: failWith, name, message: "Try again later" });
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
    for (const field of ["from", "to", "subject"]) {
      if (!body[field]) return reply(422, { statusCode: 422, name: "missing_required_field", message: `Missing \`${field}\` field.` });
    }
    const earlier = idempotencyKey ? emails.find((e) => e.idempotencyKey === idempotencyKey) : undefined;
    if (earlier) return reply(200, { id: earlier.id });
    const id = randomUUID();
    emails.push({ id, idempotencyKey, body });
    if (loseAfter !== null && emails.length === loseAfter + 1) return; // the sender waits for an answer that never comes
    return reply(200, { id });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    emails, attempts,
    failNext: (status, count) => { failures = { status, count }; },
    failSome: (share, random) => { flaky = { share, random, next: 500 }; },
    loseAnswerAfter: (accepted) => { loseAfter = accepted; },
    close: () => new Promise((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}
