import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { clock } from "../clock.server";
import { pickLocale } from "../i18n";
import { extensionCaller, extensionJson, gidParam, jsonBody, preflight, type ExtensionCaller } from "../http/extensionRequests.server";
import { noticeDeps } from "../services/ingest/queueRunner.server";
import { customerInvoiceAction, customerInvoices } from "../services/surfaces/customerAccount";

const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/\d{1,20}$/;

/** The caller must be a signed-in customer: their token's subject names them. */
async function signedInCustomer(request: Request): Promise<(ExtensionCaller & { customerGid: string }) | Response> {
  const caller = await extensionCaller(request);
  if (caller instanceof Response) return caller;
  const subject = caller.token.subject;
  if (!subject || !CUSTOMER_GID.test(subject)) return extensionJson({ error: "sign in to your account to see your invoices" }, 401);
  return { ...caller, customerGid: subject };
}

/** The signed-in customer's open invoices (extensions/dunly-customer-account): GET ?locale=nl[&order=<gid>]. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (request.method === "OPTIONS") return preflight();
  const caller = await signedInCustomer(request);
  if (caller instanceof Response) return caller;
  const params = new URL(request.url).searchParams;
  const order = params.get("order");
  const orderGid = order === null ? undefined : gidParam(order, "Order");
  if (orderGid === null) return extensionJson({ error: "order must be an order id (gid://shopify/Order/...)" }, 400);
  return extensionJson(await customerInvoices(db, caller.shop.id, caller.customerGid, pickLocale(params.get("locale")), clock(), orderGid));
}

/** POST {intent: promise | dispute | arrangement | paid, receivableId, ...}: as on the customer page. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method === "OPTIONS") return preflight();
  if (request.method !== "POST") return extensionJson({ error: "POST only" }, 405);
  const caller = await signedInCustomer(request);
  if (caller instanceof Response) return caller;
  const body = await jsonBody(request);
  if (body instanceof Response) return body;
  const locale = pickLocale(typeof body.locale === "string" ? body.locale : null);
  const result = await customerInvoiceAction(db, noticeDeps(), caller.shop.id, caller.customerGid, body, locale, clock());
  return extensionJson(result, result.ok ? 200 : 400);
}
