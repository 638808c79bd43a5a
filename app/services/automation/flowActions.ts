/**
 * Shopify Flow actions (extensions/flow-*): what a merchant's workflow asks of the app, carried out
 * once per action_run_id (Flow resends a run until it gets an answer), through the same services
 * as the app's own buttons, with an answer Flow shows in the workflow's run log. A refusal is a
 * 4xx with the reason (Flow does not retry it); only a failure of ours is a 5xx (Flow retries).
 */
import type { Db } from "../../db/client";
import type { FlowActionRequest } from "../../adapters/shopify/flowRequests";
import { gidFromNumericId, PayloadError, type Json } from "../../adapters/shopify/json";
import { isUniqueViolation } from "../ledger/dbErrors";
import { pauseCustomer, pauseReceivable, PauseError, resumeCustomer, resumeReceivable } from "../followUp/pauseReminders";
import { closeFollowUp, ReceivableActionError, requestSendNow } from "../ledger/receivableDetail";
import { CustomerError, setCreditLimit } from "../customers/customerProfiles";
import { WorkflowError } from "../../domain/workflow";

export const FLOW_ACTIONS = [
  "pause-reminders", "resume-reminders", "send-reminder-now", "hand-over-order", "set-credit-limit", "pause-customer-reminders", "resume-customer-reminders",
] as const;
type FlowAction = (typeof FLOW_ACTIONS)[number];

export interface FlowAnswer {
  status: number;
  body: Record<string, unknown>;
}

class Refused extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

interface ShopOfRun {
  id: string;
  currency: string;
}

export async function runFlowAction(db: Db, request: FlowActionRequest, now: Date): Promise<FlowAnswer> {
  const shop = await db.shop.findUnique({ where: { domain: request.shopDomain } });
  if (!shop || shop.uninstalledAt) return { status: 404, body: { error: `the app is not installed on ${request.shopDomain}` } };
  if (!(FLOW_ACTIONS as readonly string[]).includes(request.handle)) {
    return { status: 400, body: { error: `unknown action ${JSON.stringify(request.handle)}; this app has ${FLOW_ACTIONS.join(", ")}` } };
  }
  const run = { shopId_actionRunId: { shopId: shop.id, actionRunId: request.actionRunId } };
  try {
    await db.flowActionRun.create({ data: { shopId: shop.id, actionRunId: request.actionRunId, handle: request.handle, status: "running", createdAt: now } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return earlierAnswer(await db.flowActionRun.findUnique({ where: run }));
  }
  let answer: FlowAnswer;
  try {
    answer = { status: 200, body: { ok: true, message: await carryOut(db, shop, request.handle as FlowAction, request.properties, now) } };
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) {
      // ours, not the request's: the run is given back, and Flow's retry carries it out
      await db.flowActionRun.delete({ where: run });
      throw error;
    }
    answer = { status: refusal.status, body: { error: refusal.message } };
  }
  await db.flowActionRun.update({
    where: run, data: { status: answer.status === 200 ? "done" : "refused", answer: answer.status, message: (answer.body.error as string | undefined) ?? (answer.body.message as string) },
  });
  return answer;
}

/** The same run again: what was answered the first time, and nothing done twice. */
function earlierAnswer(run: { status: string; answer: number | null; message: string | null } | null): FlowAnswer {
  // still being carried out by another request: Flow sends it again later on a 202
  if (!run || run.status === "running") return { status: 202, body: { message: "this run is being carried out" } };
  return run.status === "done" ? { status: 200, body: { ok: true, message: run.message, repeated: true } } : { status: run.answer ?? 422, body: { error: run.message } };
}

function refusalOf(error: unknown): Refused | null {
  if (error instanceof Refused) return error;
  if (error instanceof PayloadError) return new Refused(400, error.message);
  if (error instanceof PauseError || error instanceof ReceivableActionError || error instanceof WorkflowError || error instanceof CustomerError) {
    return new Refused(422, error.message);
  }
  return null;
}

const CUSTOMER_ACTIONS = new Set<FlowAction>(["set-credit-limit", "pause-customer-reminders", "resume-customer-reminders"]);

async function carryOut(db: Db, shop: ShopOfRun, action: FlowAction, properties: Json, now: Date): Promise<string> {
  if (CUSTOMER_ACTIONS.has(action)) return carryOutForCustomer(db, shop, action, properties, now);
  return carryOutForOrder(db, shop, action, properties, now);
}

async function carryOutForCustomer(db: Db, shop: ShopOfRun, action: FlowAction, properties: Json, now: Date): Promise<string> {
  const customer = await db.customer.findFirst({
    where: { shopId: shop.id, gid: gidFromNumericId(properties.customer_id, "customer_id", "Customer") }, select: { id: true, gid: true },
  });
  if (!customer) throw new Refused(404, "the app holds no such customer of this shop (no unpaid order of theirs yet)");
  switch (action) {
    case "pause-customer-reminders": {
      const until = dateOf(text(properties, "until"));
      await pauseCustomer(db, shop.id, customer.id, until, text(properties, "reason") || "paused by Shopify Flow", now);
      return `reminders for all orders of the customer paused until ${until.toISOString().slice(0, 10)}`;
    }
    case "resume-customer-reminders":
      await resumeCustomer(db, shop.id, customer.id, now);
      return "reminders for the customer's orders resumed";
    default: {
      const amount = text(properties, "amount");
      await setCreditLimit(db, shop.id, customer.id, amount, shop.currency, now);
      return amount ? `credit limit ${amount} ${shop.currency}` : "credit limit removed";
    }
  }
}

async function carryOutForOrder(db: Db, shop: ShopOfRun, action: FlowAction, properties: Json, now: Date): Promise<string> {
  const orderGid = gidFromNumericId(properties.order_id, "order_id", "Order");
  const receivable = await db.receivable.findUnique({ where: { shopId_orderGid: { shopId: shop.id, orderGid } }, select: { id: true, orderName: true } });
  if (!receivable) throw new Refused(404, `the app follows up no order ${orderGid} of this shop (paid at checkout, or not a credit sale)`);
  switch (action) {
    case "pause-reminders": {
      const until = dateOf(text(properties, "until"));
      await pauseReceivable(db, shop.id, receivable.id, until, text(properties, "reason") || "paused by Shopify Flow", now);
      return `reminders for ${receivable.orderName} paused until ${until.toISOString().slice(0, 10)}`;
    }
    case "resume-reminders":
      await resumeReceivable(db, shop.id, receivable.id, now);
      return `reminders for ${receivable.orderName} resumed`;
    case "send-reminder-now":
      if ((await requestSendNow(db, shop.id, [receivable.id], now)) === 0) {
        throw new Refused(422, `${receivable.orderName} is not open or is in a dispute, an arrangement or a hand-over: no reminder goes out`);
      }
      return `the next reminder for ${receivable.orderName} goes out in the next run`;
    case "hand-over-order":
      await closeFollowUp(db, shop.id, receivable.id, "handed_over", text(properties, "note") || "handed over by Shopify Flow", now);
      return `${receivable.orderName} handed over`;
    default:
      throw new Refused(400, `${action} is not an order action`);
  }
}

function text(properties: Json, key: string): string {
  const value = properties[key];
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") throw new PayloadError(`${key} must be text`);
  return value.trim();
}

/** The pause's last day (YYYY-MM-DD, as Flow's date fields send it): paused to the end of that day, UTC. */
function dateOf(value: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59)) : null;
  if (!date || date.getUTCDate() !== Number(match![3])) throw new PayloadError(`until must be a date such as 2026-12-31, not ${JSON.stringify(value)}`);
  return date;
}
