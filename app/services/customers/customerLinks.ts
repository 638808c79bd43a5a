/**
 * Signed customer links: no login, but a token only we can make, naming the shop, customer and
 * receivable it opens, with an expiry. The key is derived from the app secret, so rotating the
 * secret voids every link.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export interface CustomerLink {
  shopId: string;
  customerId: string;
  receivableId: string;
  expiresAt: Date;
}

export type LinkCheck = { ok: true; link: CustomerLink } | { ok: false; reason: "malformed" | "bad_signature" | "expired" };

export const LINK_LIFETIME_DAYS = 60;

function key(secret: string): Buffer {
  if (!secret) throw new Error("SHOPIFY_API_SECRET is needed to sign customer links");
  return createHmac("sha256", secret).update("dunly customer link v1").digest();
}

const b64 = (buffer: Buffer) => buffer.toString("base64url");

export function signCustomerLink(link: CustomerLink, secret: string): string {
  const payload = [link.shopId, link.customerId, link.receivableId, Math.floor(link.expiresAt.getTime() / 1000)].join("|");
  const signature = createHmac("sha256", key(secret)).update(payload).digest();
  return `${b64(Buffer.from(payload))}.${b64(signature)}`;
}

export function verifyCustomerLink(token: string, secret: string, now: Date): LinkCheck {
  const match = /^([A-Za-z0-9_-]{10,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return { ok: false, reason: "malformed" };
  const payload = Buffer.from(match[1], "base64url").toString("utf8");
  const expected = createHmac("sha256", key(secret)).update(payload).digest();
  const given = Buffer.from(match[2], "base64url");
  // base64 has spare bits in its last character: only the one canonical spelling is accepted
  if (b64(given) !== match[2] || b64(Buffer.from(payload)) !== match[1]) return { ok: false, reason: "malformed" };
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad_signature" };
  const [shopId, customerId, receivableId, expires] = payload.split("|");
  if (!shopId || !customerId || !receivableId || !/^\d+$/.test(expires ?? "")) return { ok: false, reason: "malformed" };
  const expiresAt = new Date(Number(expires) * 1000);
  if (expiresAt <= now) return { ok: false, reason: "expired" };
  // we never sign a longer life: such a link was made with a leaked key or by mistake
  if (expiresAt.getTime() > now.getTime() + (LINK_LIFETIME_DAYS + 1) * 86_400_000) return { ok: false, reason: "malformed" };
  return { ok: true, link: { shopId, customerId, receivableId, expiresAt } };
}

export function customerPageUrl(
  appUrl: string, secret: string, receivable: { id: string; shopId: string; customerId: string | null }, now: Date,
): string | null {
  if (!receivable.customerId) return null;
  const token = signCustomerLink({
    shopId: receivable.shopId, customerId: receivable.customerId, receivableId: receivable.id,
    expiresAt: new Date(now.getTime() + LINK_LIFETIME_DAYS * 86_400_000),
  }, secret);
  return `${appUrl.replace(/\/$/, "")}/c/${token}`;
}
