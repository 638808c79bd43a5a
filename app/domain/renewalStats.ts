/** Recovery of failed renewals in figures: per failure reason and per day after the failure. */
const DAY_MS = 86_400_000;

export interface RenewalFact {
  errorCode: string;
  /** null while recovering */
  outcome: string | null;
  firstFailedAt: Date;
  recoveredAt: Date | null;
  amountMinor: number;
}

export interface RecoveryByCode {
  errorCode: string;
  failed: number;
  recovered: number;
  recovering: number;
  /** recovered over failed, 0-1 */
  rate: number;
  recoveredMinor: number;
}

export function recoveryByErrorCode(facts: readonly RenewalFact[]): RecoveryByCode[] {
  const rows = new Map<string, RecoveryByCode>();
  for (const f of facts) {
    const row = rows.get(f.errorCode) ?? rows.set(f.errorCode, { errorCode: f.errorCode, failed: 0, recovered: 0, recovering: 0, rate: 0, recoveredMinor: 0 }).get(f.errorCode)!;
    row.failed++;
    if (f.outcome === "recovered") {
      row.recovered++;
      row.recoveredMinor += f.amountMinor;
    } else if (f.outcome === null) row.recovering++;
  }
  return [...rows.values()].map((r) => ({ ...r, rate: r.recovered / r.failed })).sort((a, b) => b.failed - a.failed || a.errorCode.localeCompare(b.errorCode));
}

/** How many were recovered on each day after their first failure (day 0: the same day), and for how much. */
export function recoveryByDay(facts: readonly RenewalFact[]): { day: number; recovered: number; recoveredMinor: number }[] {
  const days = new Map<number, { day: number; recovered: number; recoveredMinor: number }>();
  for (const f of facts) {
    if (f.outcome !== "recovered" || !f.recoveredAt) continue;
    const day = Math.max(0, Math.floor((f.recoveredAt.getTime() - f.firstFailedAt.getTime()) / DAY_MS));
    const row = days.get(day) ?? days.set(day, { day, recovered: 0, recoveredMinor: 0 }).get(day)!;
    row.recovered++;
    row.recoveredMinor += f.amountMinor;
  }
  return [...days.values()].sort((a, b) => a.day - b.day);
}
