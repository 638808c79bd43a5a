/**
 * The merchant's credentials for outside services (the Mollie API key, the Creditsafe password)
 * are stored sealed: AES-256-GCM under a key derived from the app's own secret, so a copy of the
 * database (a backup, a support dump) does not give them away, and a changed byte is noticed.
 * A value stored before sealing existed reads as it is and is sealed when next saved.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const PREFIX = "sealed:v1:";

/** DUNLY_SECRETS_KEY when set (to rotate it apart from Shopify's), else the app's Shopify API secret. */
function keyOf(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "dunly", "shop credentials v1", 32));
}

const appSecret = () => process.env.DUNLY_SECRETS_KEY || process.env.SHOPIFY_API_SECRET || "";

export function sealSecret(plain: string, secret = appSecret()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(secret), iv);
  const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `${PREFIX}${iv.toString("base64url")}.${cipher.getAuthTag().toString("base64url")}.${sealed.toString("base64url")}`;
}

/**
 * The credential, or null when none is stored or it cannot be opened (the app's secret changed,
 * or the value was altered): the merchant is then asked to enter it again, nothing breaks.
 */
export function openSecret(stored: string | null, secret = appSecret()): string | null {
  if (!stored) return null;
  if (!stored.startsWith(PREFIX)) return stored;
  const [iv, tag, sealed] = stored.slice(PREFIX.length).split(".");
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyOf(secret), Buffer.from(iv ?? "", "base64url"));
    decipher.setAuthTag(Buffer.from(tag ?? "", "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(sealed ?? "", "base64url")), decipher.final()]).toString("utf8");
  } catch {
    console.warn("a stored credential could not be opened (the app's secret changed?): it must be entered again");
    return null;
  }
}
