/** Promises to pay: made on the customer page or by staff, checked every tick (kept, broken). */
import { owedValues, recordFlowEvent } from "../automation/flowEvents";
import type { Db } from "../../db/client";
import { promiseOutcome, promisePauseEnd, promiseProblem } from "../../domain/promises";
import { assertWorkflowAllows } from "../ledger/receivableWorkflow";
import { recordTimelineEntry } from "../ledger/timeline";
import { raiseAlert } from "../insight/alerts";
import { RefusalError } from "../../domain/refusals";

export class PromiseError extends RefusalError {
  override name = "PromiseError";
}

export async function makePromise(db: Db, input: { shopId: string; receivableId: string; source: "customer" | "staff"; promisedFor: Date }, now: Date) {
  const receivable = await db.receivable.findFirst({ where: { id: input.receivableId, shopId: input.shopId, status: "open" }, include: { shop: true } });
  if (!receivable) throw new PromiseError("no such open order in this shop");
  assertWorkflowAllows(receivable, "promise_to_pay");
  // one promise at a time: saying it again changes nothing
  const open = await db.paymentPromise.findFirst({ where: { receivableId: receivable.id, status: "open" } });
  if (open) return { promise: open, created: false };
  const problem = promiseProblem(input.promisedFor, now, receivable.shop.promiseMaxDays);
  if (problem) throw new PromiseError(problem.message, problem.refusal);
  const promise = await db.paymentPromise.create({
    data: { shopId: input.shopId, receivableId: receivable.id, source: input.source, promisedFor: input.promisedFor, status: "open", createdAt: now },
  });
  await db.receivable.update({
    where: { id: receivable.id },
    data: { pausedUntil: promisePauseEnd(input.promisedFor), pauseReason: `promised to pay on ${input.promisedFor.toISOString().slice(0, 10)}`, nextActionAt: now },
  });
  await recordTimelineEntry(db, {
    shopId: input.shopId, orderGid: receivable.orderGid, kind: "promise", sourceKey: `promise:${promise.id}:open`, amountMinor: Number(receivable.outstandingMinor),
    currency: receivable.currency, occurredAt: now, detail: { status: "open", source: input.source, promisedFor: input.promisedFor.toISOString().slice(0, 10) },
  });
  return { promise, created: true };
}

export interface PromiseTickResult {
  kept: number;
  broken: number;
}

/** Settles the open promises: paid means kept; unpaid after the grace day means broken, and the flow goes on. */
export async function runPromiseTick(db: Db, now: Date): Promise<PromiseTickResult> {
  const result = { kept: 0, broken: 0 };
  const open = await db.paymentPromise.findMany({
    where: { status: "open", receivable: { shop: { uninstalledAt: null } } },
    include: { receivable: { include: { customer: true } } },
  });
  for (const promise of open) {
    const r = promise.receivable;
    const outcome = promiseOutcome(promise, { status: r.status, outstandingMinor: Number(r.outstandingMinor), workflowState: r.workflowState }, now);
    if (outcome === "open") continue;
    const settled = await db.paymentPromise.updateMany({ where: { id: promise.id, status: "open" }, data: { status: outcome, resolvedAt: now } });
    if (settled.count === 0) continue; // another process settled it
    await recordTimelineEntry(db, {
      shopId: promise.shopId, orderGid: r.orderGid, kind: "promise", sourceKey: `promise:${promise.id}:${outcome}`, amountMinor: Number(r.outstandingMinor),
      currency: r.currency, occurredAt: now, detail: { status: outcome, promisedFor: promise.promisedFor.toISOString().slice(0, 10) },
    });
    if (outcome === "kept") result.kept += 1;
    if (outcome !== "broken") continue;
    result.broken += 1;
    // the pause was the promise's: the flow resumes at its next step
    await db.receivable.updateMany({ where: { id: r.id, pausedUntil: promisePauseEnd(promise.promisedFor) }, data: { pausedUntil: null, pauseReason: null, nextActionAt: now } });
    await raiseAlert(db, {
      shopId: promise.shopId, key: `promise_broken:${promise.id}`, receivableId: r.id, customerId: r.customerId,
      words: { text: "promise_broken", order: r.orderName, date: promise.promisedFor.toISOString().slice(0, 10) },
    }, now);
    await recordFlowEvent(db, {
      shopId: promise.shopId, handle: "promise-broken", key: `promise_broken:${promise.id}`, orderGid: r.orderGid, customerGid: r.customer?.gid,
      values: { "Promised date": promise.promisedFor.toISOString().slice(0, 10), ...owedValues(r) },
    }, now);
  }
  return result;
}
