/**
 * Mollie for the routes: which shops have it, the signed address Mollie calls for a shop, starting
 * an instalment payment from the customer page and taking Mollie's calls.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import db from "../../db.server";
import { mollieGateway, type MollieGateway } from "../../adapters/payments/mollie";
import { adminForShop } from "../../adapters/shopify/adminAccess.server";
import { applyMollieUpdate, startInstalmentPayment, type MollieUpdate } from "./instalmentPayments";
import { writeBackPayments } from "./shopifyWriteBack";
import { openSecret } from "../../db/sealedSecret";

const secret = () => {
  const value = process.env.SHOPIFY_API_SECRET;
  if (!value) throw new Error("SHOPIFY_API_SECRET is needed to sign Mollie webhook addresses");
  return value;
};
const signature = (shopId: string) => createHmac("sha256", secret()).update(`dunly mollie webhook v1 ${shopId}`).digest("base64url");

/** The path Mollie calls for a shop's payments: only we can make it, so a stranger cannot make us fetch. */
export function mollieWebhookPath(shopId: string): string {
  return `/webhooks/mollie/${shopId}.${signature(shopId)}`;
}

export function shopIdFromWebhookToken(token: string): string | null {
  const match = /^([a-z0-9]{10,40})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const expected = Buffer.from(signature(match[1]));
  const given = Buffer.from(match[2]);
  return expected.length === given.length && timingSafeEqual(expected, given) ? match[1] : null;
}

export async function mollieOf(shopId: string): Promise<MollieGateway | null> {
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { mollieApiKey: true } });
  return gatewayFor(shop?.mollieApiKey ?? null);
}

/** The gateway for a shop's stored (sealed) Mollie key; null without one. */
function gatewayFor(storedKey: string | null): MollieGateway | null {
  const key = openSecret(storedKey);
  return key ? mollieGateway(key) : null;
}

/** Where the customer pays the next instalment through Mollie, or null when the shop has no Mollie. */
export async function instalmentCheckoutUrl(shopId: string, receivableId: string, appUrl: string, returnUrl: string, now: Date): Promise<string | null> {
  const mollie = await mollieOf(shopId);
  if (!mollie) return null;
  return startInstalmentPayment(db, mollie, shopId, receivableId, { returnUrl, webhookUrl: `${appUrl.replace(/\/$/, "")}${mollieWebhookPath(shopId)}` }, now);
}

export async function takeMollieCall(shopId: string, paymentId: string, now: Date): Promise<MollieUpdate> {
  const shop = await db.shop.findUnique({ where: { id: shopId } });
  const mollie = gatewayFor(shop?.mollieApiKey ?? null);
  if (!shop || !mollie) return "not_ours";
  const admin = await adminForShop(shop);
  const update = await applyMollieUpdate(db, mollie, shop, paymentId, now, Boolean(admin));
  if (update === "paid" && admin) await writeBackPayments(db, shop, admin, now);
  return update;
}
