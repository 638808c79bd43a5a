import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { clock } from "../clock.server";
import { extensionCaller, extensionJson, gidParam, preflight } from "../http/extensionRequests.server";
import { customerBlock } from "../services/surfaces/adminBlocks";

/** The customer block on Shopify's customer page (extensions/dunly-admin): GET ?id=<customer gid>. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (request.method === "OPTIONS") return preflight();
  const caller = await extensionCaller(request);
  if (caller instanceof Response) return caller;
  const customerGid = gidParam(new URL(request.url).searchParams.get("id"), "Customer");
  if (!customerGid) return extensionJson({ error: "id must be a customer id (gid://shopify/Customer/...)" }, 400);
  return extensionJson(await customerBlock(db, caller.shop.id, { gid: customerGid }, clock()));
}

export function action({ request }: ActionFunctionArgs) {
  return request.method === "OPTIONS" ? preflight() : extensionJson({ error: "GET only" }, 405);
}
