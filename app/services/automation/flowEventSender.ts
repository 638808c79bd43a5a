/**
 * Sends queued Flow trigger events (flowTriggerReceive). An event is claimed before it is sent
 * (only one process wins the claim), sent once when all goes well, and tried again with growing
 * pauses while Shopify is away; a refusal by Shopify is final and kept with its reason.
 */
import type { Db } from "../../db/client";
import type { AdminGraphql } from "../../adapters/shopify/graphql/client";
import { sendFlowTrigger } from "../../adapters/shopify/graphql/flow";
import { isUnavailability } from "../../adapters/shopify/graphql/circuitBreaker";
import { backoffMs } from "../../domain/backoff";
import { readPayload } from "./flowEvents";

/** a claim not finished by then belongs to a process that died: the event goes out again */
const CLAIM_LEASE_MS = 2 * 60_000;
const MAX_ATTEMPTS = 10;
const FIRST_PAUSE_MS = 60_000;
const LONGEST_PAUSE_MS = 60 * 60_000;

export interface FlowSendResult {
  sent: number;
  refused: number;
  retrying: number;
}

/** Shopify's Admin API of a shop (with its circuit breaker), or null when the app has no access. */
export type FlowAdminLookup = (shopDomain: string) => Promise<AdminGraphql | null>;

export async function sendFlowEvents(db: Db, adminOf: FlowAdminLookup, now: Date, limit = 50): Promise<FlowSendResult> {
  const result: FlowSendResult = { sent: 0, refused: 0, retrying: 0 };
  const due = await db.flowEvent.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" }, take: limit,
    include: { shop: { select: { domain: true, uninstalledAt: true } } },
  });
  for (const event of due) {
    const claimed = await db.flowEvent.updateMany({
      where: { id: event.id, status: "pending", attempts: event.attempts },
      data: { attempts: { increment: 1 }, nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS) },
    });
    if (claimed.count !== 1) continue; // another process has it
    if (event.shop.uninstalledAt) {
      await db.flowEvent.update({ where: { id: event.id }, data: { status: "dropped", error: "the app was uninstalled", nextAttemptAt: null } });
      continue;
    }
    const outcome = await attempt(adminOf, event.shop.domain, event.handle, readPayload(event.payload));
    const attempts = event.attempts + 1;
    if (outcome.kind === "sent") {
      await db.flowEvent.update({ where: { id: event.id }, data: { status: "sent", sentAt: now, error: null, nextAttemptAt: null } });
      result.sent += 1;
    } else if (outcome.kind === "refused" || attempts >= MAX_ATTEMPTS) {
      await db.flowEvent.update({ where: { id: event.id }, data: { status: "failed", error: outcome.reason, nextAttemptAt: null } });
      result.refused += 1;
    } else {
      await db.flowEvent.update({ where: { id: event.id }, data: { error: outcome.reason, nextAttemptAt: new Date(now.getTime() + backoffMs(attempts, FIRST_PAUSE_MS, LONGEST_PAUSE_MS)) } });
      result.retrying += 1;
    }
  }
  return result;
}

type Outcome = { kind: "sent" } | { kind: "refused" | "retry"; reason: string };

async function attempt(adminOf: FlowAdminLookup, domain: string, handle: string, payload: Record<string, unknown>): Promise<Outcome> {
  try {
    const admin = await adminOf(domain);
    if (!admin) return { kind: "refused", reason: "the app has no access token for this shop" };
    const refusal = await sendFlowTrigger(admin, handle, payload);
    return refusal ? { kind: "refused", reason: refusal } : { kind: "sent" };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { kind: isUnavailability(error) ? "retry" : "refused", reason };
  }
}
