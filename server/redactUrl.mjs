/**
 * Access logs must not hold bearer secrets: a customer-page token opens that customer's invoices,
 * an id_token is a session. What the log keeps: the path's shape and the harmless query fields.
 */
const SECRET_QUERY_FIELDS = new Set(["id_token", "session", "hmac", "signature", "token", "code", "state"]);

export function redactUrl(url) {
  const [path, query] = String(url).split(/\?(.*)/s, 2);
  const safePath = path.replace(/\/c\/[^/?#]+/g, "/c/[token]");
  if (query === undefined) return safePath;
  const params = new URLSearchParams(query);
  for (const key of [...params.keys()]) if (SECRET_QUERY_FIELDS.has(key.toLowerCase())) params.set(key, "[redacted]");
  return `${safePath}?${params.toString().replace(/%5Bredacted%5D/g, "[redacted]")}`;
}
