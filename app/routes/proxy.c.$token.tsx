import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import * as customerPage from "./c.$token";
import { pageAction, pageLoader } from "../http/customerPageRequests.server";

/**
 * The customer page through the shop's own domain (app proxy: /apps/dunly/c/<token>).
 * Shopify signs every proxied request; an unsigned or tampered one never reaches the page.
 */
/** The shop Shopify says proxied the request; the link must belong to it. */
async function proxiedShop(request: Request): Promise<string> {
  await authenticate.public.appProxy(request);
  return new URL(request.url).searchParams.get("shop") ?? "";
}

export async function loader(args: LoaderFunctionArgs) {
  return pageLoader(args, await proxiedShop(args.request));
}

export async function action(args: ActionFunctionArgs) {
  return pageAction(args, await proxiedShop(args.request));
}

export const meta = customerPage.meta;
export default customerPage.default;
