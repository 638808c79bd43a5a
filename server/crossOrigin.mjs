/**
 * Remix aborts a form post whose Origin is not this host (CSRF), but by throwing: the client gets a
 * 500. The same comparison, made before Remix, answers 403 instead. The UI extensions' API
 * (/extensions/...) is called from Shopify's extension origin with a session token and no
 * cookies: no forgery to fear there, and its routes answer CORS themselves.
 */
export function crossOriginPost(headers, method, path = "") {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  if (path.startsWith("/extensions/")) return false;
  const origin = headers.origin;
  if (typeof origin !== "string" || origin === "") return false;
  let originHost;
  try {
    originHost = origin === "null" ? "null" : new URL(origin).host;
  } catch {
    return true;
  }
  const forwarded = typeof headers["x-forwarded-host"] === "string" ? headers["x-forwarded-host"].split(",")[0].trim() : "";
  const host = forwarded || headers.host;
  return !host || originHost !== host;
}
