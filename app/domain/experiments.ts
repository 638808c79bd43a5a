/**
 * A/B(/n) experiments on a reminder step: each receivable gets one variant, at random but stable
 * (a hash of receivable and step, so a retry or a second scheduler picks the same), and the report
 * compares how many paid within N days per variant, with a 95% confidence interval.
 */
import type { Channel, FlowStep, Tone } from "./flows";
import { DAY_MS, isQuiet, localHour, type QuietHours } from "./time";

export interface StepVariant {
  key: string;
  tone?: Tone;
  channel?: Channel;
  /** put before the subject, e.g. "Action needed:" */
  subjectPrefix?: string;
  /** local hour of the shop the step goes out in */
  sendHour?: number;
}

/** FNV-1a: small, stable across processes and versions, spreads short keys evenly. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function assignVariant(receivableId: string, stepKey: string, variants: readonly StepVariant[]): StepVariant | null {
  if (!variants.length) return null;
  return variants[hash(`${receivableId}:${stepKey}`) % variants.length];
}

export function withVariant(step: FlowStep, variant: StepVariant | null): FlowStep {
  if (!variant) return step;
  const sendHour = variant.sendHour ?? step.sendHour;
  return { ...step, tone: variant.tone ?? step.tone, channel: variant.channel ?? step.channel, ...(sendHour === undefined ? {} : { sendHour }) };
}

/**
 * A step due now that should go out in another hour: the next start of that local hour. Never
 * more than a day away, and null when the hour is quiet (the step then goes at its planned time:
 * a quiet send hour must not hold a reminder forever).
 */
export function sendHourHold(step: FlowStep, now: Date, quiet: QuietHours): Date | null {
  if (step.sendHour === undefined || localHour(now, quiet.timeZone) === step.sendHour) return null;
  let moment = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  for (let i = 0; i < 26; i++) {
    moment = new Date(moment.getTime() + 3_600_000);
    if (localHour(moment, quiet.timeZone) === step.sendHour) return isQuiet(moment, quiet) ? null : moment;
  }
  return null; // an hour this time zone skips (a DST gap): no hold
}

/** At least this many payments after a reminder before a customer's own hour is trusted. */
const MIN_PAYMENTS_FOR_HOUR = 2;

/**
 * The local hour at which a customer pays after being reminded: the most frequent hour of their
 * payments that followed a reminder (ties: the earliest), or null with too few of them.
 */
export function customersPayingHour(paidAfterReminder: readonly Date[], timeZone: string): number | null {
  if (paidAfterReminder.length < MIN_PAYMENTS_FOR_HOUR) return null;
  const counts = new Map<number, number>();
  for (const at of paidAfterReminder) counts.set(localHour(at, timeZone), (counts.get(localHour(at, timeZone)) ?? 0) + 1);
  const [hour] = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
  return hour;
}

/** The step at the customer's own hour when it asks for that and the hour is known; otherwise as it is. */
export function atCustomersHour(step: FlowStep, hour: number | null | undefined): FlowStep {
  return step.atCustomersHour && hour !== null && hour !== undefined ? { ...step, sendHour: hour } : step;
}

/** The variants of a step from the tones and send hours to compare: every combination. */
export function variantsFrom(tones: readonly string[], hours: readonly number[]): StepVariant[] | undefined {
  if (!tones.length && !hours.length) return undefined;
  const toneOptions: (string | null)[] = tones.length ? [...tones] : [null];
  const hourOptions: (number | null)[] = hours.length ? [...hours] : [null];
  return toneOptions.flatMap((tone) => hourOptions.map((hour): StepVariant => ({
    key: [tone, hour === null ? null : `${hour}h`].filter((part) => part !== null).join("@"),
    ...(tone === null ? {} : { tone: tone as Tone }),
    ...(hour === null ? {} : { sendHour: hour }),
  })));
}

export interface VariantOutcome {
  stepKey: string;
  variant: string;
  sentAt: Date;
  paidAt: Date | null;
}

export interface VariantResult {
  stepKey: string;
  variant: string;
  sent: number;
  paid: number;
  /** percent, one decimal */
  rate: number;
  /** Wilson score interval, 95%, in percent */
  low: number;
  high: number;
}

const Z = 1.96;

export function wilson(successes: number, trials: number): [number, number] {
  if (trials === 0) return [0, 0];
  const p = successes / trials;
  const denominator = 1 + (Z * Z) / trials;
  const centre = (p + (Z * Z) / (2 * trials)) / denominator;
  const margin = (Z * Math.sqrt((p * (1 - p)) / trials + (Z * Z) / (4 * trials * trials))) / denominator;
  return [Math.max(0, centre - margin), Math.min(1, centre + margin)];
}

export function experimentReport(outcomes: Iterable<VariantOutcome>, withinDays: number): VariantResult[] {
  const groups = new Map<string, { stepKey: string; variant: string; sent: number; paid: number }>();
  for (const o of outcomes) {
    const id = `${o.stepKey}\u0000${o.variant}`;
    const group = groups.get(id) ?? groups.set(id, { stepKey: o.stepKey, variant: o.variant, sent: 0, paid: 0 }).get(id)!;
    group.sent += 1;
    if (o.paidAt && o.paidAt >= o.sentAt && o.paidAt.getTime() - o.sentAt.getTime() <= withinDays * DAY_MS) group.paid += 1;
  }
  const pct = (x: number) => Math.round(x * 1000) / 10;
  return [...groups.values()]
    .sort((a, b) => a.stepKey.localeCompare(b.stepKey) || a.variant.localeCompare(b.variant))
    .map((g) => {
      const [low, high] = wilson(g.paid, g.sent);
      return { ...g, rate: pct(g.sent ? g.paid / g.sent : 0), low: pct(low), high: pct(high) };
    });
}
