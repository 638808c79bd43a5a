import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { clock } from "../clock.server";
import { extensionCaller, extensionJson, gidParam, preflight } from "../http/extensionRequests.server";
import { orderBlock } from "../services/surfaces/adminBlocks";

/** The order block on Shopify's order page (extensions/dunly-admin): GET ?id=<order gid>. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (request.method === "OPTIONS") return preflight();
  const caller = await extensionCaller(request);
  if (caller instanceof Response) return caller;
  const orderGid = gidParam(new URL(request.url).searchParams.get("id"), "Order");
  if (!orderGid) return extensionJson({ error: "id must be an order id (gid://shopify/Order/...)" }, 400);
  return extensionJson(await orderBlock(db, caller.shop.id, orderGid, clock()));
}

export function action({ request }: ActionFunctionArgs) {
  return request.method === "OPTIONS" ? preflight() : extensionJson({ error: "GET only" }, 405);
}
