import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import * as customerPage from "./c.$token";

/**
 * The customer page through the shop's own domain (app proxy: /apps/dunly/c/<token>).
 * Shopify signs every proxied request; an unsigned or tampered one never reaches the page.
 */
export async function loader(args: LoaderFunctionArgs) {
  await authenticate.public.appProxy(args.request);
  return customerPage.loader(args);
}

export async function action(args: ActionFunctionArgs) {
  await authenticate.public.appProxy(args.request);
  return customerPage.action(args);
}

export const meta = customerPage.meta;
export default customerPage.default;
