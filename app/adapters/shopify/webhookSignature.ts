import { createHmac, timingSafeEqual } from "node:crypto";

/** Shopify signs the raw body bytes: base64(HMAC-SHA256(secret, body)) in X-Shopify-Hmac-Sha256. */
export function isValidWebhookSignature(rawBody: string | Uint8Array, signature: string | null, secret: string): boolean {
  // exactly the base64 of 32 bytes: no base64url, no missing padding, no trailing junk
  if (!signature || !secret || !/^[A-Za-z0-9+/]{43}=$/.test(signature)) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
