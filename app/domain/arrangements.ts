/**
 * Payment arrangements (betalingsregelingen): the outstanding amount split into instalments
 * with dates. Amounts always sum exactly to the total; the rounding goes to the last one.
 * Payments are allocated to instalments oldest first. A missed instalment breaks the
 * arrangement once the merchant's grace period has passed.
 */
import { addDays } from "./time";
import type { ProposalFault } from "./refusals";

export interface ArrangementRules {
  maxInstalments: number;
  minInstalmentMinor: number;
  maxDurationDays: number;
  graceDays: number;
}

export interface Proposal {
  totalMinor: number;
  instalments: number;
  firstDueAt: Date;
  intervalDays: number;
}

export interface PlannedInstalment {
  seq: number;
  amountMinor: number;
  dueAt: Date;
}

export function splitIntoInstalments(proposal: Proposal): PlannedInstalment[] {
  const { totalMinor, instalments, firstDueAt, intervalDays } = proposal;
  if (!Number.isSafeInteger(totalMinor) || totalMinor <= 0) throw new RangeError("the total must be a positive amount");
  if (!Number.isInteger(instalments) || instalments < 1) throw new RangeError("at least one instalment");
  const base = Math.floor(totalMinor / instalments);
  return Array.from({ length: instalments }, (_, i) => ({
    seq: i + 1,
    amountMinor: i === instalments - 1 ? totalMinor - base * (instalments - 1) : base,
    dueAt: addDays(firstDueAt, i * intervalDays),
  }));
}

/** Why a proposal outside the merchant's rules waits for staff: worded on the tasks screen. */
export type ApprovalReason =
  | { code: "more_instalments"; max: number }
  | { code: "instalment_below_minimum" }
  | { code: "longer"; days: number };

export type ProposalVerdict =
  | { kind: "accept" }
  | { kind: "needs_approval"; reasons: ApprovalReason[] }
  | { kind: "invalid"; faults: ProposalFault[] };

/** Inside the merchant's rules: accepted at once. Outside: a staff member decides. Nonsense: refused. */
export function judgeProposal(proposal: Proposal, rules: ArrangementRules, now: Date): ProposalVerdict {
  const faults: ProposalFault[] = [];
  if (!Number.isInteger(proposal.instalments) || proposal.instalments < 2 || proposal.instalments > 24) faults.push({ code: "instalments", min: 2, max: 24 });
  if (!Number.isInteger(proposal.intervalDays) || proposal.intervalDays < 7 || proposal.intervalDays > 92) faults.push({ code: "interval", min: 7, max: 92 });
  if (Number.isNaN(proposal.firstDueAt.getTime()) || proposal.firstDueAt < now || proposal.firstDueAt > addDays(now, 60)) faults.push({ code: "first_payment", days: 60 });
  if (!Number.isSafeInteger(proposal.totalMinor) || proposal.totalMinor <= 0) faults.push({ code: "amount" });
  if (faults.length) return { kind: "invalid", faults };
  const reasons: ApprovalReason[] = [];
  if (proposal.instalments > rules.maxInstalments) reasons.push({ code: "more_instalments", max: rules.maxInstalments });
  if (Math.floor(proposal.totalMinor / proposal.instalments) < rules.minInstalmentMinor) reasons.push({ code: "instalment_below_minimum" });
  const lastDueAt = addDays(proposal.firstDueAt, (proposal.instalments - 1) * proposal.intervalDays);
  if (lastDueAt > addDays(now, rules.maxDurationDays)) reasons.push({ code: "longer", days: rules.maxDurationDays });
  return reasons.length ? { kind: "needs_approval", reasons } : { kind: "accept" };
}

export interface InstalmentState extends PlannedInstalment {
  paidMinor: number;
  status: "paid" | "partly_paid" | "open" | "overdue" | "missed";
}

export interface ArrangementState {
  status: "active" | "completed" | "broken";
  instalments: InstalmentState[];
  /** the first instalment missed beyond the grace period, if any */
  missed: InstalmentState | null;
}

/** `paidMinor`: everything paid since the arrangement started, allocated oldest instalment first. */
export function arrangementState(planned: readonly PlannedInstalment[], paidMinor: number, graceDays: number, now: Date): ArrangementState {
  let left = Math.max(0, paidMinor);
  const instalments = planned.map((instalment): InstalmentState => {
    const paid = Math.min(left, instalment.amountMinor);
    left -= paid;
    const status = paid === instalment.amountMinor ? "paid"
      : now > addDays(instalment.dueAt, graceDays) ? "missed"
      : now > instalment.dueAt ? "overdue"
      : paid > 0 ? "partly_paid" : "open";
    return { ...instalment, paidMinor: paid, status };
  });
  const missed = instalments.find((i) => i.status === "missed") ?? null;
  const status = instalments.every((i) => i.status === "paid") ? "completed" : missed ? "broken" : "active";
  return { status, instalments, missed };
}
