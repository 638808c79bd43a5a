import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { clock } from "../clock.server";
import { dayFromForm } from "../domain/time";
import { extensionCaller, extensionJson, gidParam, jsonBody, preflight } from "../http/extensionRequests.server";
import { actOnOrders, type OrderAction } from "../services/surfaces/adminBlocks";

/** Shopify's order list selects at most this many orders for an action. */
const MAX_ORDERS = 250;

/**
 * The order block's buttons and the order actions (extensions/dunly-admin): POST
 * {action: pause | resume | send_now | hand_over, orderIds: [...], until?, reason?, note?}.
 * Each order answers for itself: one that cannot be paused does not stop the others.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method === "OPTIONS") return preflight();
  if (request.method !== "POST") return extensionJson({ error: "POST only" }, 405);
  const caller = await extensionCaller(request);
  if (caller instanceof Response) return caller;
  const body = await jsonBody(request);
  if (body instanceof Response) return body;
  const ids = Array.isArray(body.orderIds) ? body.orderIds.map((id) => gidParam(id, "Order")) : [];
  if (ids.length === 0 || ids.length > MAX_ORDERS || ids.some((id) => id === null)) {
    return extensionJson({ error: `orderIds must be 1 to ${MAX_ORDERS} order ids` }, 400);
  }
  const action = actionOf(body);
  if (!action) return extensionJson({ error: "action must be pause (with until, YYYY-MM-DD, and reason), resume, send_now or hand_over" }, 400);
  const outcomes = await actOnOrders(db, caller.shop.id, [...new Set(ids as string[])], action, clock());
  return extensionJson({ ok: outcomes.every((o) => o.ok), outcomes });
}

function actionOf(body: Record<string, unknown>): OrderAction | null {
  const text = (key: string) => (typeof body[key] === "string" ? (body[key] as string).trim() : "");
  switch (body.action) {
    case "pause":
      return /^\d{4}-\d{2}-\d{2}$/.test(text("until")) ? { kind: "pause", until: dayFromForm(text("until"), 23), reason: text("reason") } : null;
    case "resume":
      return { kind: "resume" };
    case "send_now":
      return { kind: "send_now" };
    case "hand_over":
      return { kind: "hand_over", note: text("note").slice(0, 1000) || "handed over from the Shopify admin" };
    default:
      return null;
  }
}

export function loader({ request }: LoaderFunctionArgs) {
  return request.method === "OPTIONS" ? preflight() : extensionJson({ error: "POST only" }, 405);
}
