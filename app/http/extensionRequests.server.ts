/**
 * Requests from the app's UI extensions (admin blocks and actions, customer account pages): they
 * come from Shopify's extension origin with a session token instead of cookies, so they answer
 * CORS preflights, and every answer is scoped to the shop (and customer) the token names.
 */
import db from "../db.server";
import { bearerToken, SessionTokenError, verifySessionToken, type SessionToken } from "../adapters/shopify/sessionToken";
import { clock } from "../clock.server";
import { BodyTooLarge, readBodyBytes } from "./readBody.server";

/** Bearer tokens, no cookies: any origin may ask, only a valid token gets an answer. */
const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Headers": "Authorization, Content-Type",
  "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
  "Access-Control-Max-Age": "7200",
};

export function extensionJson(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { ...CORS, "Cache-Control": "no-store" } });
}

export function preflight(): Response {
  return new Response(null, { status: 204, headers: CORS });
}

export interface ExtensionCaller {
  token: SessionToken;
  shop: { id: string; domain: string; currency: string };
}

/** The caller's shop from a valid session token, or the 401 / 404 answer to send. */
export async function extensionCaller(request: Request): Promise<ExtensionCaller | Response> {
  let token: SessionToken;
  try {
    token = await verifySessionToken(bearerToken(request.headers.get("authorization")), {
      apiKey: process.env.SHOPIFY_API_KEY ?? "", secret: process.env.SHOPIFY_API_SECRET ?? "",
    }, clock());
  } catch (error) {
    if (error instanceof SessionTokenError) return extensionJson({ error: error.message }, 401);
    throw error;
  }
  const shop = await db.shop.findUnique({ where: { domain: token.shop }, select: { id: true, domain: true, currency: true, uninstalledAt: true } });
  if (!shop || shop.uninstalledAt) return extensionJson({ error: `the app is not installed on ${token.shop}` }, 404);
  return { token, shop };
}

/** A Shopify gid of `type`, or its bare numeric id, from a query parameter or body field. */
export function gidParam(value: unknown, type: "Order" | "Customer"): string | null {
  if (typeof value !== "string") return null;
  if (/^\d{1,20}$/.test(value)) return `gid://shopify/${type}/${value}`;
  return new RegExp(`^gid://shopify/${type}/\\d{1,20}$`).test(value) ? value : null;
}

const MAX_BODY_BYTES = 64 * 1024;

/** A JSON object body, or the 400 / 413 answer to send. */
export async function jsonBody(request: Request): Promise<Record<string, unknown> | Response> {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(await readBodyBytes(request, MAX_BODY_BYTES)));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new SyntaxError("the body must be a JSON object");
    return parsed as Record<string, unknown>;
  } catch (error) {
    if (error instanceof BodyTooLarge) return extensionJson({ error: error.message }, 413);
    if (error instanceof SyntaxError || error instanceof TypeError) return extensionJson({ error: `malformed request: ${error.message}` }, 400);
    throw error;
  }
}
