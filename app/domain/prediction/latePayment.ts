/**
 * Will this invoice be paid late? Learned from the shop's own history: for each invoice that fell
 * due, what was known about its customer and itself on its due date, and how late it was paid.
 * One logistic model per lateness threshold (0, 7, 30, 60 days after the due date) gives the
 * probability of being paid within 7 days of the due date and the likely bucket; an invoice
 * already overdue is judged on what is left (the chance of 30+ days given it is 10 days late).
 */
import { contributions, fitLogistic, predictLogistic, type LogisticModel } from "./logisticModel";
import { areaUnderCurve, calibration, type CalibrationBin } from "./modelQuality";

const DAY_MS = 86_400_000;

export interface InvoiceRecord {
  id: string;
  customerId: string | null;
  issuedAt: Date;
  dueAt: Date;
  totalMinor: number;
  /** when it was paid in full; null while open */
  paidAt: Date | null;
  b2b: boolean;
  countryCode: string | null;
}

export interface CustomerEvent {
  customerId: string;
  at: Date;
  kind: "dispute" | "broken_promise";
}

export const FEATURES = [
  "prior_invoices", "prior_late_share", "prior_days_late", "amount", "term_days", "b2b", "abroad", "disputes", "broken_promises", "due_on_weekend",
] as const;
export type Feature = (typeof FEATURES)[number];

export const THRESHOLDS = [0, 7, 30, 60] as const;
/** the main question: paid later than this many days after the due date */
export const LATE_AFTER_DAYS = 7;
export const BUCKETS = ["on_time", "late_1_30", "late_31_60", "later"] as const;
export type Bucket = (typeof BUCKETS)[number];

/** Below this many labelled invoices (or outcomes of either kind) the shop's own average stands in for a model. */
const MIN_EXAMPLES = 40;
const MIN_PER_OUTCOME = 8;
/** the hold-out: the most recent quarter of the invoices that fell due */
const HOLD_OUT_SHARE = 0.25;
/** what a shop with no history is assumed to see (a quarter paid more than a week late), weighted as ten invoices */
const PRIOR_LATE = 0.25;
const PRIOR_WEIGHT = 10;

const daysBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / DAY_MS;

/** How late an invoice was paid, or is so far at `at` (then only a lower bound); null if it was not due yet. */
function latenessAt(invoice: InvoiceRecord, at: Date): { days: number; final: boolean } | null {
  if (invoice.paidAt && invoice.paidAt <= at) return { days: Math.max(0, daysBetween(invoice.dueAt, invoice.paidAt)), final: true };
  if (invoice.dueAt >= at) return null;
  return { days: daysBetween(invoice.dueAt, at), final: false };
}

/** Everything about the shop's customers the features read, indexed once. */
export class PaymentHistory {
  private readonly byCustomer = new Map<string, InvoiceRecord[]>();
  private readonly events = new Map<string, CustomerEvent[]>();
  readonly homeCountry: string | null;

  constructor(readonly invoices: readonly InvoiceRecord[], events: readonly CustomerEvent[]) {
    for (const invoice of invoices) if (invoice.customerId) (this.byCustomer.get(invoice.customerId) ?? this.byCustomer.set(invoice.customerId, []).get(invoice.customerId)!).push(invoice);
    for (const event of events) (this.events.get(event.customerId) ?? this.events.set(event.customerId, []).get(event.customerId)!).push(event);
    const countries = new Map<string, number>();
    for (const invoice of invoices) if (invoice.countryCode) countries.set(invoice.countryCode, (countries.get(invoice.countryCode) ?? 0) + 1);
    this.homeCountry = [...countries].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  }

  /** The invoice's features as known at `at` (its due date when learning; never anything later). */
  features(invoice: InvoiceRecord, at: Date): number[] {
    const prior = (invoice.customerId ? this.byCustomer.get(invoice.customerId) ?? [] : [])
      .filter((other) => other.id !== invoice.id && other.dueAt < at)
      .map((other) => latenessAt(other, at)!);
    const late = prior.filter((l) => l.days > LATE_AFTER_DAYS).length;
    const events = invoice.customerId ? (this.events.get(invoice.customerId) ?? []).filter((e) => e.at < at) : [];
    const weekday = invoice.dueAt.getUTCDay();
    const values: Record<Feature, number> = {
      prior_invoices: Math.log1p(prior.length),
      prior_late_share: (late + PRIOR_LATE * 2) / (prior.length + 2),
      prior_days_late: prior.length ? prior.reduce((s, l) => s + Math.min(l.days, 90), 0) / prior.length / 30 : 0,
      amount: Math.log10(invoice.totalMinor / 100 + 1),
      term_days: daysBetween(invoice.issuedAt, invoice.dueAt) / 30,
      b2b: invoice.b2b ? 1 : 0,
      abroad: invoice.countryCode && this.homeCountry && invoice.countryCode !== this.homeCountry ? 1 : 0,
      disputes: Math.log1p(events.filter((e) => e.kind === "dispute").length),
      broken_promises: Math.log1p(events.filter((e) => e.kind === "broken_promise").length),
      due_on_weekend: weekday === 0 || weekday === 6 ? 1 : 0,
    };
    return FEATURES.map((f) => values[f]);
  }
}

export interface Example {
  dueAt: Date;
  features: number[];
  /** per threshold: 1 paid later than it, 0 paid by then, null not known yet */
  labels: (0 | 1 | null)[];
}

/** The invoices that fell due before `now`, each with what was known on its due date and how it turned out. */
export function examplesOf(history: PaymentHistory, now: Date): Example[] {
  return history.invoices.filter((invoice) => invoice.dueAt < now).map((invoice) => {
    const lateness = latenessAt(invoice, now)!;
    return {
      dueAt: invoice.dueAt,
      features: history.features(invoice, invoice.dueAt),
      labels: THRESHOLDS.map((t) => (lateness.days > t ? 1 : lateness.final ? 0 : null)),
    };
  }).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

export interface ModelQuality {
  /** invoices the model was checked on: the most recent quarter, not used to fit that check's model */
  holdOut: number;
  auc: number | null;
  calibrationError: number;
  bins: CalibrationBin[];
}

export type LatePaymentModel =
  | { kind: "learned"; examples: number; models: LogisticModel[]; quality: ModelQuality | null }
  /** too little history: the shop's own share of late invoices, shrunk towards a general prior */
  | { kind: "prior"; examples: number; lateShare: number };

function labelled(examples: readonly Example[], threshold: number) {
  const index = THRESHOLDS.indexOf(threshold as (typeof THRESHOLDS)[number]);
  const rows = examples.filter((e) => e.labels[index] !== null);
  return { rows: rows.map((e) => e.features), labels: rows.map((e) => e.labels[index] as 0 | 1) };
}

const enoughFor = (labels: readonly (0 | 1)[]) =>
  labels.length >= MIN_EXAMPLES && labels.filter((l) => l === 1).length >= MIN_PER_OUTCOME && labels.filter((l) => l === 0).length >= MIN_PER_OUTCOME;

export function trainLatePayment(examples: readonly Example[]): LatePaymentModel {
  const main = labelled(examples, LATE_AFTER_DAYS);
  if (!enoughFor(main.labels)) {
    const late = main.labels.filter((l) => l === 1).length;
    return { kind: "prior", examples: main.labels.length, lateShare: (late + PRIOR_LATE * PRIOR_WEIGHT) / (main.labels.length + PRIOR_WEIGHT) };
  }
  // a threshold with too few outcomes of one kind borrows the nearest lower one's model
  const models: LogisticModel[] = [];
  for (const threshold of THRESHOLDS) {
    const set = labelled(examples, threshold);
    models.push(enoughFor(set.labels) ? fitLogistic(set.rows, set.labels) : models.at(-1) ?? fitLogistic(main.rows, main.labels));
  }
  return { kind: "learned", examples: main.labels.length, models, quality: holdOutQuality(examples) };
}

/** Fitted on the older invoices, judged on the newest ones (the way it is used: on invoices still to come). */
function holdOutQuality(examples: readonly Example[]): ModelQuality | null {
  const main = THRESHOLDS.indexOf(LATE_AFTER_DAYS);
  const known = examples.filter((e) => e.labels[main] !== null);
  const cut = Math.floor(known.length * (1 - HOLD_OUT_SHARE));
  const older = known.slice(0, cut);
  const newer = known.slice(cut);
  const fitSet = { rows: older.map((e) => e.features), labels: older.map((e) => e.labels[main] as 0 | 1) };
  if (!enoughFor(fitSet.labels) || newer.length === 0) return null;
  const model = fitLogistic(fitSet.rows, fitSet.labels);
  const predicted = newer.map((e) => predictLogistic(model, e.features));
  const outcomes = newer.map((e) => e.labels[main] as 0 | 1);
  const { bins, error } = calibration(predicted, outcomes);
  return { holdOut: newer.length, auc: areaUnderCurve(predicted, outcomes), calibrationError: error, bins };
}

export interface LatePaymentForecast {
  /** probability of being paid more than 7 days after the due date, given what is known now */
  lateProbability: number;
  bucket: Bucket;
  buckets: Record<Bucket, number>;
  /** the features pushing the probability up most, strongest first */
  reasons: Feature[];
}

/** The forecast for an open invoice at `now`: what its history says, then what its lateness so far rules out. */
export function forecast(model: LatePaymentModel, history: PaymentHistory, invoice: InvoiceRecord, now: Date): LatePaymentForecast {
  const asOf = invoice.dueAt < now ? invoice.dueAt : now;
  const row = history.features(invoice, asOf);
  // P(later than each threshold), made non-increasing
  let beyond = model.kind === "prior" ? THRESHOLDS.map((t) => (t === LATE_AFTER_DAYS ? model.lateShare : t < LATE_AFTER_DAYS ? Math.min(1, model.lateShare * 1.5) : model.lateShare / (t / 15)))
    : model.models.map((m) => predictLogistic(m, row));
  beyond = beyond.map((p, i) => Math.min(p, ...beyond.slice(0, i + 1)));
  const lateSoFar = daysBetween(invoice.dueAt, now);
  // what is already known: later than every threshold it has passed; the rest conditional on that
  const passed = THRESHOLDS.filter((t) => lateSoFar > t).length;
  const given = passed === 0 ? 1 : beyond[passed - 1];
  const conditional = beyond.map((p, i) => (i < passed ? 1 : given > 0 ? Math.min(1, p / given) : 1));
  const [over0, , over30, over60] = conditional;
  const buckets: Record<Bucket, number> = { on_time: 1 - over0, late_1_30: over0 - over30, late_31_60: over30 - over60, later: over60 };
  const bucket = BUCKETS.reduce((best, b) => (buckets[b] > buckets[best] ? b : best), BUCKETS[0]);
  const main = THRESHOLDS.indexOf(LATE_AFTER_DAYS);
  const reasons = model.kind === "prior" ? [] : contributions(model.models[main], row)
    .map((c, j) => ({ c, feature: FEATURES[j] })).filter((x) => x.c > 0.1).sort((a, b) => b.c - a.c).slice(0, 2).map((x) => x.feature);
  return { lateProbability: conditional[main], bucket, buckets, reasons };
}
