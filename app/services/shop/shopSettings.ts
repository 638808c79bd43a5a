/**
 * Saving the settings page's four forms, each checked in the domain first. What a save changes
 * beyond the shop row is decided here: plans that follow new settings are looked at again.
 */
import type { Db } from "../../db/client";
import { sealSecret } from "../../db/sealedSecret";
import { settingsChanged, type ScreeningSettings, type ShopSettings } from "../../domain/settings";
import type { FinalAction } from "../../domain/renewals";
import { requestReplan } from "../followUp/replan";

/** The follow-up settings; new quiet hours, gaps or risk limits change the plans: the scheduler looks at each open receivable again. */
export async function saveFollowUpSettings(db: Db, shopId: string, settings: ShopSettings): Promise<void> {
  const stored = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  await db.shop.update({ where: { id: shopId }, data: settings });
  if (settingsChanged(stored, settings)) await requestReplan(db, shopId);
}

/** Screening's interval and alert, and the bureau account: its password stored sealed, kept when none was typed. */
export async function saveScreeningSettings(db: Db, shopId: string, { creditsafePassword, ...settings }: ScreeningSettings): Promise<void> {
  await db.shop.update({
    where: { id: shopId },
    data: { ...settings, ...(creditsafePassword !== undefined ? { creditsafePassword: creditsafePassword && sealSecret(creditsafePassword) } : {}) },
  });
}

/** Renewal retry days and the final rule; renewals still recovering follow them from their next step on. */
export async function saveRenewalSettings(db: Db, shopId: string, settings: { renewalRetryDays: string; renewalFinalAction: FinalAction }): Promise<void> {
  await db.shop.update({ where: { id: shopId }, data: settings });
  await db.subscriptionRenewal.updateMany({ where: { shopId, outcome: null, retryKey: null }, data: { nextRetryAt: new Date(0) } });
}

/** The Mollie API key (already checked), stored sealed; an empty one removes it. */
export async function saveMollieKey(db: Db, shopId: string, key: string): Promise<void> {
  await db.shop.update({ where: { id: shopId }, data: { mollieApiKey: key ? sealSecret(key) : null } });
}
