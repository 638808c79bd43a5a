/**
 * Keeps each customer's credit status in Shopify (an app-owned customer metafield) so the
 * pay-later gate Function can hide invoice / bank transfer for risky customers at checkout.
 */
import type { Db } from "../../db/client";
import type { AdminGraphql } from "../../adapters/shopify/graphql/client";
import { AdminApiError } from "../../adapters/shopify/graphql/client";
import { SET_CREDIT_STATUS_MUTATION } from "../../adapters/shopify/graphql/queries";
import { assessRisk, riskRulesOf } from "../../domain/risk";
import { profilesFor, SCREENING_FACTS, screeningFactsOf } from "./customerProfiles";

export type CreditStatus = "ok" | "high_risk" | "over_limit";

const BATCH = 25; // metafieldsSet takes at most 25 metafields a call

interface SetResult {
  metafieldsSet: { userErrors: { field: string[] | null; message: string; code: string | null }[] };
}

export async function pushCreditStatuses(db: Db, shopId: string, admin: AdminGraphql, now: Date): Promise<number> {
  const customers = await db.customer.findMany({ where: { shopId, redactedAt: null }, orderBy: { gid: "asc" }, select: { id: true, gid: true, creditLimitMinor: true, creditStatusPushed: true, ...SCREENING_FACTS } });
  const profiles = await profilesFor(db, shopId, customers.map((c) => c.id), now);
  const rules = riskRulesOf(await db.shop.findUniqueOrThrow({ where: { id: shopId } }));
  const changed = customers
    .map((c) => {
      const risk = assessRisk(profiles.get(c.id)!, rules, c.creditLimitMinor === null ? null : Number(c.creditLimitMinor), screeningFactsOf(c));
      const status: CreditStatus = risk.overLimit ? "over_limit" : risk.level === "high" ? "high_risk" : "ok";
      return { ...c, status };
    })
    // a customer never pushed counts as "ok" in Shopify already: only changes are written
    .filter((c) => c.status !== (c.creditStatusPushed ?? "ok"));
  for (let i = 0; i < changed.length; i += BATCH) {
    const batch = changed.slice(i, i + BATCH);
    const result = await admin.request<SetResult>(SET_CREDIT_STATUS_MUTATION, {
      metafields: batch.map((c) => ({ ownerId: c.gid, namespace: "$app:dunly", key: "credit_status", type: "single_line_text_field", value: c.status })),
    });
    if (result.metafieldsSet.userErrors.length) {
      throw new AdminApiError(`metafieldsSet: ${result.metafieldsSet.userErrors.map((e) => e.message).join("; ")}`);
    }
    for (const c of batch) await db.customer.update({ where: { id: c.id }, data: { creditStatusPushed: c.status } });
  }
  return changed.length;
}
