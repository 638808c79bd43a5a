/** A renewal as the order page shows it: what failed, where the recovery stands, what comes next. */
import { policyOf, retryClass, type FinalAction, type RetryClass } from "../../domain/renewals";
import { stepOf, type RenewalRow, type RenewalShop } from "./recoveryPlan";

export interface RenewalView {
  cycleIndex: number;
  errorCode: string;
  retryClass: RetryClass;
  failedAttempts: number;
  retriesSent: number;
  outcome: string | null;
  recoveredBy: string | null;
  recoveredAt: string | null;
  finalActionError: string | null;
  /** while recovering: the next step and when; the final rule it would apply */
  next: { kind: "retry" | "update_email" | "final" | "none"; at: string | null; rule: FinalAction } | null;
}

export function renewalView(
  shop: RenewalShop,
  row: RenewalRow & { cycleIndex: number; failedAttempts: number; outcome: string | null; recoveredBy: string | null; recoveredAt: Date | null; finalActionError: string | null },
): RenewalView {
  const step = row.outcome === null ? stepOf(shop, row) : null;
  return {
    cycleIndex: row.cycleIndex, errorCode: row.errorCode, retryClass: retryClass(row.errorCode), failedAttempts: row.failedAttempts,
    retriesSent: row.retriesSent, outcome: row.outcome, recoveredBy: row.recoveredBy, recoveredAt: row.recoveredAt?.toISOString() ?? null,
    finalActionError: row.finalActionError,
    next: step && { kind: step.kind, at: step.kind === "none" ? null : step.at.toISOString(), rule: policyOf(shop).finalAction },
  };
}
