/**
 * Who is asking, inside the admin: a Shopify session (embedded app), or, in demo mode only,
 * the local demo login's cookie.
 */
import { createCookie, redirect } from "@remix-run/node";
import db from "./db.server";
import { DEMO_SHOP_DOMAIN, isDemoMode } from "./config.server";
import { pickLocale, type Locale } from "./i18n";

export const demoCookie = createCookie("dunly_demo", {
  httpOnly: true, sameSite: "lax", path: "/", secrets: [process.env.SHOPIFY_API_SECRET || "demo-only-secret"],
});

export interface AdminContext {
  shop: { id: string; domain: string; name: string; currency: string; defaultTermDays: number; legalProfile: string; timeZone: string };
  demo: boolean;
  locale: Locale;
}

export async function requireAdmin(request: Request): Promise<AdminContext> {
  const locale = pickLocale(new URL(request.url).searchParams.get("locale") ?? request.headers.get("accept-language"));
  if (isDemoMode() && (await demoCookie.parse(request.headers.get("cookie"))) === DEMO_SHOP_DOMAIN) {
    const shop = await db.shop.findUnique({ where: { domain: DEMO_SHOP_DOMAIN } });
    if (!shop) throw new Response("The demo shop is not seeded: run `npm run demo`.", { status: 503 });
    await rememberStaffLocale(shop, locale);
    return { shop, demo: true, locale };
  }
  if (isDemoMode()) throw redirect("/demo");
  // inside Shopify admin every form post and fetch carries App Bridge's session token; one without
  // it (another site posting a form) is refused here rather than failing deeper in the library
  if (request.method !== "GET" && request.method !== "HEAD" && !request.headers.get("authorization")) {
    throw Response.json({ ok: false, error: "sign in through Shopify admin: the request carries no session token" }, { status: 401 });
  }
  const { authenticate, ensureShop, adminFor } = await import("./shopify.server");
  const { session } = await authenticate.admin(request);
  const shop = (await db.shop.findUnique({ where: { domain: session.shop } }))
    ?? (await ensureShop(session.shop, await adminFor(session.shop)));
  const staffLocale = pickLocale(session.onlineAccessInfo?.associated_user.locale ?? locale);
  await rememberStaffLocale(shop, staffLocale);
  return { shop, demo: false, locale: staffLocale };
}

/** The digest is written in the language staff last used the app in: stored when it changes, not on every request. */
async function rememberStaffLocale(shop: { id: string; staffLocale: string | null }, locale: Locale) {
  if (shop.staffLocale !== locale) await db.shop.update({ where: { id: shop.id }, data: { staffLocale: locale } });
}
