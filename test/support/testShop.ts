import type { Db } from "../../app/db/client";

/** An installed shop with an offline Admin API session, as after OAuth. */
export async function installShop(db: Db, domain: string, accessToken = `shpat_${domain.split(".")[0]}`) {
  const shop = await db.shop.upsert({
    where: { domain }, update: { uninstalledAt: null },
    create: { domain, name: domain, currency: "EUR", defaultTermDays: 14, installedAt: new Date("2026-11-01T00:00:00Z") },
  });
  await db.session.upsert({
    where: { id: `offline_${domain}` }, update: { accessToken },
    create: { id: `offline_${domain}`, shop: domain, state: "", isOnline: false, scope: "read_orders", accessToken },
  });
  return { shop, accessToken };
}
