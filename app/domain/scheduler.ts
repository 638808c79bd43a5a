/**
 * What the reminder flow does next for one receivable. Pure: the services store the answer.
 *
 * Never stalls on the past (Invoice Ninja's bug): a step whose date passed during downtime is
 * sent once, now, and the next one follows after the minimum gap. A pre-due reminder that comes
 * too late is skipped (recorded, never sent after the due date). The hand-over waits until the
 * 14-day term of the final notice has run out.
 */
import type { FlowStep } from "./flows";
import { afterLocalDate, fourteenDayDeadline } from "./fees/fourteenDayLetter";
import { addDays, afterQuietHours, type QuietHours } from "./time";

export type WorkflowState = "disputed" | "in_arrangement" | "handed_over" | "written_off";

export interface DunningSubject {
  status: "open" | "paid" | "cancelled";
  workflowState: WorkflowState | null;
  dueAt: Date;
  outstandingMinor: number;
  pausedUntil: Date | null;
  customerPausedUntil: Date | null;
  /** staff asked for the next step now: its date, the gap and quiet hours are waived */
  sendNow?: boolean;
}

export interface StepHistory {
  stepKey: string;
  /** when the message went out, or was skipped; null while it is being sent or failed */
  sentAt: Date | null;
  /** a skipped step reached nobody, so it does not count for the minimum gap */
  skipped?: boolean;
}

export interface DunningSettings {
  quietHours: QuietHours;
  minGapHours: number;
}

export type StopReason = "paid" | "cancelled" | "nothing_owed" | WorkflowState | "flow_complete";

export type Plan =
  | { kind: "stop"; reason: StopReason }
  | { kind: "wait"; until: Date; step: FlowStep | null; reason: "scheduled" | "paused" | "in_progress" }
  | { kind: "send"; step: FlowStep }
  | { kind: "skip"; step: FlowStep; reason: "due_date_passed" };

export function scheduledAt(step: FlowStep, dueAt: Date): Date {
  return addDays(dueAt, step.offsetDays);
}

export function planNextStep(
  subject: DunningSubject,
  steps: readonly FlowStep[],
  history: readonly StepHistory[],
  settings: DunningSettings,
  now: Date,
): Plan {
  if (subject.status !== "open") return { kind: "stop", reason: subject.status };
  if (subject.workflowState) return { kind: "stop", reason: subject.workflowState };
  if (subject.outstandingMinor <= 0) return { kind: "stop", reason: "nothing_owed" };

  const byKey = new Map(history.map((h) => [h.stepKey, h]));
  const index = steps.findIndex((s) => !byKey.has(s.key));
  if (index === -1) {
    // every step has a message; one still sending or failed is retried by the sender, not re-planned
    const open = history.find((h) => h.sentAt === null);
    return open ? { kind: "wait", until: addDays(now, 1), step: null, reason: "in_progress" } : { kind: "stop", reason: "flow_complete" };
  }
  const step = steps[index];
  const pausedUntil = latest(subject.pausedUntil, subject.customerPausedUntil);
  if (pausedUntil && pausedUntil > now) return { kind: "wait", until: pausedUntil, step, reason: "paused" };
  if (step.purpose === "pre_due" && now >= subject.dueAt) return { kind: "skip", step, reason: "due_date_passed" };
  if (subject.sendNow) return { kind: "send", step };

  const previous = steps.slice(0, index).map((s) => byKey.get(s.key)!).filter((h) => h.sentAt && !h.skipped);
  const lastSentAt = previous.map((h) => h.sentAt!).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
  let earliest = scheduledAt(step, subject.dueAt);
  if (lastSentAt) earliest = latest(earliest, new Date(lastSentAt.getTime() + settings.minGapHours * 3_600_000))!;
  const finalNotice = steps.slice(0, index).find((s) => s.purpose === "final_notice");
  if (step.purpose === "hand_over" && finalNotice) {
    const sentAt = byKey.get(finalNotice.key)?.sentAt;
    if (sentAt) earliest = latest(earliest, afterLocalDate(fourteenDayDeadline(sentAt, "email", settings.quietHours.timeZone)))!;
  }
  if (step.channel !== "task") earliest = afterQuietHours(latest(earliest, now)!, settings.quietHours);
  return earliest <= now ? { kind: "send", step } : { kind: "wait", until: earliest, step, reason: "scheduled" };
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
