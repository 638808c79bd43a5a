/**
 * A sale-day burst the way Shopify delivers it: orders and their payments, shuffled, with
 * redeliveries (same X-Shopify-Webhook-Id) and duplicate events (same content, a new webhook id),
 * sent in parallel, each retried while the app answers 5xx or is unreachable (Shopify retries too).
 * The expected ledger is computed here, independently of the app.
 */
import { randomUUID } from "node:crypto";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { seededRandom, shuffled } from "../../app/domain/seededRandom";
import { TEST_API_SECRET } from "./appServer";
import { newOrderId, orderPayload, transactionPayload } from "./orders";
import { WEBHOOK_API_VERSION } from "./shopifyExamples";

export interface BurstDelivery {
  webhookId: string;
  topic: string;
  body: string;
}

export interface ExpectedReceivable {
  orderGid: string;
  totalMinor: number;
  outstandingMinor: number;
}

export interface Burst {
  deliveries: BurstDelivery[];
  expected: ExpectedReceivable[];
  uniqueWebhookIds: number;
  payments: number;
}

/** `total` deliveries, a tenth of them duplicates: half redeliveries, half the same event under a new id. */
export function saleDayBurst(total: number, seed: number): Burst {
  const random = seededRandom(seed);
  const unique = Math.round(total * 0.9);
  const orders = Math.round(unique * 0.6);
  const payments = unique - orders;
  const placedAt = new Date("2026-11-20T10:00:00Z");
  const paidAt = new Date("2026-11-21T10:00:00Z");
  const originals: BurstDelivery[] = [];
  const expected: ExpectedReceivable[] = [];
  for (let i = 0; i < orders; i++) {
    const id = newOrderId();
    const totalMinor = 2_000 + Math.floor(random() * 50_000);
    const total = (totalMinor / 100).toFixed(2);
    originals.push({ webhookId: randomUUID(), topic: "orders/create", body: orderPayload({ id, total, outstanding: total, financialStatus: "pending", updatedAt: placedAt }) });
    let outstandingMinor = totalMinor;
    if (i < payments) {
      // two in three pay in full, the rest pay part of it
      const paidMinor = i % 3 === 2 ? Math.floor(totalMinor / 3) : totalMinor;
      outstandingMinor -= paidMinor;
      originals.push({ webhookId: randomUUID(), topic: "order_transactions/create",
        body: transactionPayload({ id: newOrderId(), orderId: id, amount: (paidMinor / 100).toFixed(2), at: paidAt }) });
    }
    expected.push({ orderGid: `gid://shopify/Order/${id}`, totalMinor, outstandingMinor });
  }
  const duplicates = Array.from({ length: total - unique }, (_, k) => {
    const original = originals[Math.floor(random() * originals.length)];
    return k % 2 === 0 ? { ...original } : { ...original, webhookId: randomUUID() };
  });
  const deliveries = shuffled([...originals, ...duplicates], random);
  return { deliveries, expected, uniqueWebhookIds: new Set(deliveries.map((d) => d.webhookId)).size, payments };
}

export interface SendReport {
  accepted: number;
  duplicatesAnswered: number;
  retries: number;
  refused: { status: number; body: string }[];
}

/**
 * Sends every delivery to one of `baseUrls` (round robin), `concurrency` at a time. A delivery
 * answered 5xx or not answered is sent again (as Shopify does); `onProgress` sees each answer.
 */
export async function sendBurst(
  baseUrls: string[], shop: string, deliveries: BurstDelivery[],
  options: { concurrency?: number; onProgress?: (done: number) => Promise<void> | void; retryDelayMs?: number } = {},
): Promise<SendReport> {
  const report: SendReport = { accepted: 0, duplicatesAnswered: 0, retries: 0, refused: [] };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < deliveries.length) {
      const index = next++;
      const delivery = deliveries[index];
      for (let attempt = 0; ; attempt++) {
        const baseUrl = baseUrls[(index + attempt) % baseUrls.length];
        const answer = await post(baseUrl, shop, delivery).catch(() => null);
        if (answer && answer.status < 500) {
          if (answer.status === 200) {
            report.accepted += 1;
            if ((JSON.parse(answer.body) as { duplicate?: boolean }).duplicate) report.duplicatesAnswered += 1;
          } else {
            report.refused.push(answer);
          }
          break;
        }
        if (attempt >= 100) throw new Error(`delivery ${delivery.webhookId} never accepted: ${answer?.status ?? "no answer"}`);
        report.retries += 1;
        await new Promise((r) => setTimeout(r, options.retryDelayMs ?? 100));
      }
      done += 1;
      await options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  return report;
}

async function post(baseUrl: string, shop: string, delivery: BurstDelivery) {
  const response = await fetch(`${baseUrl}/webhooks`, {
    method: "POST",
    body: delivery.body,
    headers: {
      "Content-Type": "application/json", "X-Shopify-Topic": delivery.topic, "X-Shopify-Shop-Domain": shop,
      "X-Shopify-Hmac-Sha256": getHmac(delivery.body, TEST_API_SECRET), "X-Shopify-Webhook-Id": delivery.webhookId,
      "X-Shopify-API-Version": WEBHOOK_API_VERSION, "X-Shopify-Triggered-At": new Date().toISOString(),
    },
  });
  return { status: response.status, body: await response.text() };
}
