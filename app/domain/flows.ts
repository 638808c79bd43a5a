import type { StepVariant } from "./experiments";

/**
 * A reminder flow: ordered steps relative to the due date (after Odoo's follow-up levels).
 * Negative offsets run before the due date.
 */
export const CHANNELS = ["email", "letter", "task", "sms", "whatsapp"] as const;
export type Channel = (typeof CHANNELS)[number];
export const TONES = ["friendly", "neutral", "firm"] as const;
export type Tone = (typeof TONES)[number];
export const PURPOSES = ["pre_due", "reminder", "final_notice", "hand_over"] as const;
export type StepPurpose = (typeof PURPOSES)[number];

export interface FlowStep {
  /** stable per flow: with the receivable it forms the key that stops a double send */
  key: string;
  offsetDays: number;
  channel: Channel;
  purpose: StepPurpose;
  tone: Tone;
  /** the step claims the legal collection costs of the shop's profile (the final notice) */
  chargesFee: boolean;
  /** goes out in this local hour of the shop (0-23) once due, unless that hour is quiet */
  sendHour?: number;
  /** goes out in the local hour at which this customer has usually paid after earlier reminders (learned; else `sendHour`) */
  atCustomersHour?: boolean;
  /** an experiment: each receivable gets one of these variants of the step */
  variants?: StepVariant[];
  /**
   * WhatsApp: business-initiated messages must use a template Meta approved, registered in Twilio
   * as Content (its SID, HX...); the variables fill {{1}}, {{2}}, ... in this order.
   */
  whatsapp?: { contentSid: string; variables: WhatsAppValue[] };
}

/** What a WhatsApp template's variables can be filled with. */
export const WHATSAPP_VALUES = ["name", "order", "amount", "dueDate", "payUrl", "customerPage", "shop"] as const;
export type WhatsAppValue = (typeof WHATSAPP_VALUES)[number];

export const DEFAULT_FLOW: readonly FlowStep[] = [
  { key: "pre_due", offsetDays: -3, channel: "email", purpose: "pre_due", tone: "friendly", chargesFee: false },
  { key: "reminder_1", offsetDays: 1, channel: "email", purpose: "reminder", tone: "friendly", chargesFee: false },
  { key: "reminder_2", offsetDays: 8, channel: "email", purpose: "reminder", tone: "neutral", chargesFee: false },
  { key: "final_notice", offsetDays: 15, channel: "email", purpose: "final_notice", tone: "firm", chargesFee: true },
  { key: "hand_over", offsetDays: 30, channel: "task", purpose: "hand_over", tone: "neutral", chargesFee: false },
];

/** What is wrong with a flow, in words for the merchant; empty when it can run. */
export function flowProblems(steps: readonly FlowStep[]): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  steps.forEach((step, i) => {
    if (!/^[a-z0-9_]{1,40}$/.test(step.key)) problems.push(`step ${i + 1}: key must be lower-case letters, digits or _`);
    if (keys.has(step.key)) problems.push(`step ${i + 1}: key "${step.key}" is used twice`);
    keys.add(step.key);
    if (!Number.isInteger(step.offsetDays) || step.offsetDays < -60 || step.offsetDays > 365) {
      problems.push(`step ${i + 1}: offset must be a whole number of days between -60 and 365`);
    }
    if (i > 0 && step.offsetDays <= steps[i - 1].offsetDays) problems.push(`step ${i + 1}: offsets must increase`);
    if (!CHANNELS.includes(step.channel)) problems.push(`step ${i + 1}: unknown channel ${step.channel}`);
    if (!TONES.includes(step.tone)) problems.push(`step ${i + 1}: unknown tone ${step.tone}`);
    if (!PURPOSES.includes(step.purpose)) problems.push(`step ${i + 1}: unknown purpose ${step.purpose}`);
    if (step.purpose === "pre_due" && step.offsetDays >= 0) problems.push(`step ${i + 1}: a pre-due reminder must come before the due date`);
    if (step.purpose !== "pre_due" && step.offsetDays < 0) problems.push(`step ${i + 1}: only a pre-due reminder may come before the due date`);
    const badHour = (hour: number | undefined) => hour !== undefined && !(Number.isInteger(hour) && hour >= 0 && hour <= 23);
    if (badHour(step.sendHour)) problems.push(`step ${i + 1}: the send hour must be a whole hour from 0 to 23`);
    for (const v of step.variants ?? []) if (badHour(v.sendHour)) problems.push(`step ${i + 1}: variant ${v.key} has a send hour outside 0 to 23`);
    if (step.atCustomersHour !== undefined && typeof step.atCustomersHour !== "boolean") problems.push(`step ${i + 1}: "at the customer's hour" is yes or no`);
    if (step.channel === "whatsapp") {
      if (!/^HX[0-9a-f]{32}$/i.test(step.whatsapp?.contentSid ?? "")) problems.push(`step ${i + 1}: a WhatsApp step needs the Content SID (HX followed by 32 hex digits) of an approved template`);
      else if (!step.whatsapp!.variables.every((v) => (WHATSAPP_VALUES as readonly string[]).includes(v))) problems.push(`step ${i + 1}: WhatsApp variables can be ${WHATSAPP_VALUES.join(", ")}`);
    }
    const variantKeys = (step.variants ?? []).map((v) => v.key);
    if (new Set(variantKeys).size !== variantKeys.length) problems.push(`step ${i + 1}: variant names must differ`);
    for (const v of step.variants ?? []) {
      if ((v.tone && !TONES.includes(v.tone)) || (v.channel && !CHANNELS.includes(v.channel)) || (v.subjectPrefix?.length ?? 0) > 60) {
        problems.push(`step ${i + 1}: variant ${v.key} has an unknown tone or channel, or a subject prefix over 60 characters`);
      }
    }
  });
  return problems;
}
