/**
 * Flow's trigger lifecycle callbacks: which of the app's triggers a shop's enabled workflows use.
 * Flow lets a merchant enable a workflow only after the app answered 2xx; the newest callback
 * wins (they may arrive out of order), and triggers are recorded only where one is in use.
 */
import type { Db } from "../../db/client";
import type { FlowLifecycleCallback } from "../../adapters/shopify/flowRequests";
import { FLOW_TRIGGERS } from "../../domain/flowTriggers";
import { isUniqueViolation } from "../ledger/dbErrors";

/** The prefix of a use recorded under an id that names none of the app's triggers. */
export const ANY_TRIGGER = "*:";

export interface LifecycleAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** The trigger a callback names: by handle, or by its name as the merchant sees it. */
function triggerOf(id: string) {
  const wanted = id.trim().toLowerCase();
  return FLOW_TRIGGERS.find((t) => t.handle === wanted || t.name.toLowerCase() === wanted || wanted.endsWith(`/${t.handle}`)) ?? null;
}

export async function recordTriggerUse(db: Db, callback: FlowLifecycleCallback): Promise<LifecycleAnswer> {
  const shop = await db.shop.findUnique({ where: { domain: callback.shopDomain }, select: { id: true, uninstalledAt: true } });
  if (!shop || shop.uninstalledAt) return { status: 404, body: { error: `the app is not installed on ${callback.shopDomain}` } };
  // an id the app cannot place must not stop the merchant enabling the workflow: it counts for every trigger
  const handle = triggerOf(callback.triggerId)?.handle ?? `${ANY_TRIGGER}${callback.triggerId}`;
  const older = { shopId: shop.id, handle, changedAt: { lt: callback.timestamp } };
  const data = { enabled: callback.hasEnabledFlow, changedAt: callback.timestamp };
  if ((await db.flowTriggerUse.updateMany({ where: older, data })).count === 0) {
    try {
      await db.flowTriggerUse.create({ data: { shopId: shop.id, handle, ...data } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // there is a row: a newer callback stands, or one created at the same moment is replaced if older
      await db.flowTriggerUse.updateMany({ where: older, data });
    }
  }
  const stored = await db.flowTriggerUse.findUniqueOrThrow({ where: { shopId_handle: { shopId: shop.id, handle } } });
  // the sending path reads this flag from the shop row it has, instead of asking per message
  const inUse = (await db.flowTriggerUse.count({ where: { shopId: shop.id, enabled: true } })) > 0;
  await db.shop.update({ where: { id: shop.id }, data: { flowTriggersInUse: inUse } });
  return { status: 200, body: { ok: true, trigger: handle, enabled: stored.enabled } };
}
