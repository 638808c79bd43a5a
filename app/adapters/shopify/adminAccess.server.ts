/** Admin API access with a shop's offline token, for webhooks and jobs outside a request. */
import db from "../../db.server";
import { adminApiOrigin, API_VERSION } from "../../config.server";
import { createAdminClient, type AdminGraphql } from "./graphql/client";

export async function adminFor(shop: string): Promise<AdminGraphql | null> {
  const session = await db.session.findFirst({ where: { shop, isOnline: false }, orderBy: { expires: "desc" } });
  if (!session) return null;
  return createAdminClient({ shop, accessToken: session.accessToken, apiVersion: API_VERSION, origin: adminApiOrigin(shop) });
}
