/**
 * Requests as Shopify admin makes them for an embedded app: the document with an App Bridge
 * session token (id_token) in the query, fetches and form posts with it as a Bearer header.
 * The token is a real HS256 JWT signed with the app secret, for the given shop.
 */
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { TEST_API_KEY, TEST_API_SECRET } from "./appServer";

// Shopify's library turns bots away; the admin is a browser
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

async function sessionToken(shopDomain: string): Promise<string> {
  return (await getJwt(shopDomain.replace(/\.myshopify\.com$/, ""), TEST_API_KEY, TEST_API_SECRET)).token;
}

/** GET of an admin page as the embedded document, the way Shopify admin loads it in its iframe. */
export async function adminPage(baseUrl: string, shopDomain: string, path: string): Promise<Response> {
  const url = new URL(path, baseUrl);
  const host = Buffer.from(`admin.shopify.com/store/${shopDomain.split(".")[0]}`).toString("base64url");
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", shopDomain);
  url.searchParams.set("host", host);
  url.searchParams.set("id_token", await sessionToken(shopDomain));
  return fetch(url, { redirect: "manual", headers: { "User-Agent": BROWSER } });
}

/** A form post from inside the embedded app (App Bridge adds the session token). */
export async function adminPost(baseUrl: string, shopDomain: string, path: string, fields: Record<string, string>): Promise<Response> {
  return fetch(new URL(path, baseUrl), {
    method: "POST", redirect: "manual", body: new URLSearchParams(fields),
    headers: { "User-Agent": BROWSER, Authorization: `Bearer ${await sessionToken(shopDomain)}`, "Content-Type": "application/x-www-form-urlencoded" },
  });
}

/** A multipart form post from inside the embedded app, with files (a statement upload). */
export async function adminUpload(
  baseUrl: string, shopDomain: string, path: string, fields: Record<string, string>, files: Record<string, { name: string; content: string | Uint8Array }>,
): Promise<Response> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  for (const [key, file] of Object.entries(files)) form.set(key, new Blob([typeof file.content === "string" ? file.content : Buffer.from(file.content)]), file.name);
  return fetch(new URL(path, baseUrl), {
    method: "POST", redirect: "manual", body: form,
    headers: { "User-Agent": BROWSER, Authorization: `Bearer ${await sessionToken(shopDomain)}` },
  });
}
