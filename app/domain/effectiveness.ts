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

/** RFC 4180 CSV: every field quoted when it needs to be, CRLF line ends; formula-looking cells are defused. */
export type CsvRow = readonly (string | number | null)[];

export function toCsv(header: readonly string[], rows: readonly CsvRow[]): string {
  const cell = (value: string | number | null) => {
    if (value === null) return "";
    let text = String(value);
    // a spreadsheet would run =, +, - or @ at the start of a text cell as a formula
    if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}
