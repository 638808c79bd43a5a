/** Results of the step experiments the flows run, and promoting a winner into the flow. */
import type { Db } from "../../db/client";
import { experimentReport, withVariant, type VariantResult } from "../../domain/experiments";
import type { FlowStep } from "../../domain/flows";
import { requestReplan } from "../followUp/replan";

export async function experimentResults(db: Db, shopId: string, withinDays: number): Promise<VariantResult[]> {
  const messages = await db.message.findMany({
    where: { shopId, variant: { not: null }, sentAt: { not: null }, status: { in: ["sent", "outbox", "task"] } },
    select: { stepKey: true, variant: true, sentAt: true, receivable: { select: { paidAt: true } } },
  });
  return experimentReport(messages.map((m) => ({ stepKey: m.stepKey, variant: m.variant!, sentAt: m.sentAt!, paidAt: m.receivable.paidAt })), withinDays);
}

/** The winner becomes the step itself in every segment running that experiment; the experiment ends. */
export async function promoteVariant(db: Db, shopId: string, stepKey: string, variantKey: string): Promise<number> {
  const segments = await db.segment.findMany({ where: { shopId } });
  let changed = 0;
  for (const segment of segments) {
    const steps = JSON.parse(segment.steps) as FlowStep[];
    const index = steps.findIndex((s) => s.key === stepKey && s.variants?.some((v) => v.key === variantKey));
    if (index === -1) continue;
    const winner = steps[index].variants!.find((v) => v.key === variantKey)!;
    const { variants: _ended, ...promoted } = withVariant(steps[index], winner);
    steps[index] = promoted;
    await db.segment.update({ where: { id: segment.id }, data: { steps: JSON.stringify(steps) } });
    changed += 1;
  }
  // a winner with a send hour of its own moves the dates of the receivables waiting for that step
  if (changed) await requestReplan(db, shopId);
  return changed;
}
