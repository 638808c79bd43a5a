/** Reminder effectiveness: of the messages each step sent, the share whose order was paid within N days after. */
import { DAY_MS } from "./time";

export interface SentReminder {
  stepKey: string;
  sentAt: Date;
  paidAt: Date | null;
}

export interface StepEffect {
  stepKey: string;
  sent: number;
  paidWithin: number;
  /** percent with one decimal; null when nothing was sent */
  rate: number | null;
}

export function reminderEffectiveness(reminders: Iterable<SentReminder>, withinDays: number, stepOrder: readonly string[]): StepEffect[] {
  const byStep = new Map<string, { sent: number; paid: number }>();
  for (const r of reminders) {
    const row = byStep.get(r.stepKey) ?? byStep.set(r.stepKey, { sent: 0, paid: 0 }).get(r.stepKey)!;
    row.sent += 1;
    if (r.paidAt && r.paidAt >= r.sentAt && r.paidAt.getTime() - r.sentAt.getTime() <= withinDays * DAY_MS) row.paid += 1;
  }
  const keys = [...stepOrder.filter((k) => byStep.has(k)), ...[...byStep.keys()].filter((k) => !stepOrder.includes(k)).sort()];
  return keys.map((stepKey) => {
    const { sent, paid } = byStep.get(stepKey)!;
    return { stepKey, sent, paidWithin: paid, rate: sent ? Math.round((paid / sent) * 1000) / 10 : null };
  });
}
