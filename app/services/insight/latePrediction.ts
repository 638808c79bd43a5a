/**
 * The late-payment prediction of each shop: fitted once a day on the shop's own history, every
 * open receivable scored with it, and the worklist of whom to call first read from the scores.
 */
import { inTransaction, type Db } from "../../db/client";
import {
  examplesOf, forecast, PaymentHistory, trainLatePayment, type CustomerEvent, type InvoiceRecord, type LatePaymentModel,
} from "../../domain/prediction/latePayment";
import type { CalibrationBin } from "../../domain/prediction/modelQuality";
import { customerName } from "../../domain/customerNames";

/** A model older than this is fitted again; scores older than SCORE_EVERY_MS are renewed with the model in hand. */
const TRAIN_EVERY_MS = 24 * 60 * 60_000;
const SCORE_EVERY_MS = 60 * 60_000;

type OpenInvoice = InvoiceRecord & { outstandingMinor: bigint };

async function paymentHistory(db: Db, shopId: string): Promise<{ history: PaymentHistory; open: OpenInvoice[] }> {
  const rows = await db.receivable.findMany({
    where: { shopId, creditSale: true, status: { in: ["open", "paid"] } },
    select: {
      id: true, customerId: true, issuedAt: true, dueAt: true, totalMinor: true, outstandingMinor: true, paidAt: true, status: true, workflowState: true,
      customer: { select: { company: true, countryCode: true, redactedAt: true } },
    },
  });
  const [disputes, broken] = await Promise.all([
    db.dispute.findMany({ where: { shopId }, select: { openedAt: true, receivable: { select: { customerId: true } } } }),
    db.paymentPromise.findMany({ where: { shopId, status: "broken" }, select: { resolvedAt: true, promisedFor: true, receivable: { select: { customerId: true } } } }),
  ]);
  const events: CustomerEvent[] = [
    ...disputes.flatMap((d) => (d.receivable.customerId ? [{ customerId: d.receivable.customerId, at: d.openedAt, kind: "dispute" as const }] : [])),
    ...broken.flatMap((p) => (p.receivable.customerId ? [{ customerId: p.receivable.customerId, at: p.resolvedAt ?? p.promisedFor, kind: "broken_promise" as const }] : [])),
  ];
  const invoices: InvoiceRecord[] = [];
  const open: OpenInvoice[] = [];
  for (const r of rows) {
    const invoice = {
      id: r.id, customerId: r.customerId, issuedAt: r.issuedAt, dueAt: r.dueAt, totalMinor: Number(r.totalMinor),
      paidAt: r.status === "paid" ? r.paidAt ?? r.dueAt : null, b2b: Boolean(r.customer?.company), countryCode: r.customer?.countryCode ?? null,
    };
    invoices.push(invoice);
    // an erased customer is not profiled again; an order in a dispute or an arrangement is not a question of paying late
    if (r.status === "open" && !r.workflowState && !r.customer?.redactedAt && r.outstandingMinor > 0n) open.push({ ...invoice, outstandingMinor: r.outstandingMinor });
  }
  return { history: new PaymentHistory(invoices, events), open };
}

/** Fits the shop's model on its history, stores it with its measured quality, and scores the open receivables with it (one read of the history). */
export async function fitAndScoreShop(db: Db, shopId: string, now: Date): Promise<{ model: LatePaymentModel; scored: number }> {
  const loaded = await paymentHistory(db, shopId);
  const model = trainLatePayment(examplesOf(loaded.history, now));
  const quality = model.kind === "learned" ? model.quality : null;
  const data = {
    kind: model.kind, examples: model.examples, model: JSON.stringify(model), holdOut: quality?.holdOut ?? 0, auc: quality?.auc ?? null,
    calibrationError: quality?.calibrationError ?? null, calibration: JSON.stringify(quality?.bins ?? []), trainedAt: now,
  };
  await db.predictionModel.upsert({ where: { shopId }, create: { shopId, ...data }, update: data });
  return { model, scored: await storeForecasts(db, shopId, model, loaded, now) };
}

/** Scores every open receivable of the shop with its stored model; forecasts of receivables no longer open go. */
export async function scoreOpenReceivables(db: Db, shopId: string, now: Date): Promise<number> {
  const stored = await db.predictionModel.findUnique({ where: { shopId } });
  if (!stored) return 0;
  return storeForecasts(db, shopId, JSON.parse(stored.model) as LatePaymentModel, await paymentHistory(db, shopId), now);
}

async function storeForecasts(db: Db, shopId: string, model: LatePaymentModel, { history, open }: { history: PaymentHistory; open: OpenInvoice[] }, now: Date): Promise<number> {
  const rows = open.map((invoice) => {
    const result = forecast(model, history, invoice, now);
    return {
      shopId, receivableId: invoice.id, lateProbability: result.lateProbability, bucket: result.bucket, reasons: JSON.stringify(result.reasons),
      // money at risk in whole minor units: outstanding × probability, rounded half up in integers (never a float amount)
      atRiskMinor: (invoice.outstandingMinor * BigInt(Math.round(result.lateProbability * 10_000)) + 5_000n) / 10_000n,
      scoredAt: now,
    };
  });
  await inTransaction(db, async (tx) => {
    await tx.paymentForecast.deleteMany({ where: { shopId } });
    for (let i = 0; i < rows.length; i += 500) await tx.paymentForecast.createMany({ data: rows.slice(i, i + 500) });
  }, { maxWait: 30_000, timeout: 120_000 });
  return rows.length;
}

/** The worker's pass: each installed shop's model fitted once a day, its scores renewed every hour. */
export async function refreshPredictions(db: Db, now: Date): Promise<void> {
  const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { id: true } });
  const models = new Map((await db.predictionModel.findMany({ select: { shopId: true, trainedAt: true } })).map((m) => [m.shopId, m.trainedAt]));
  const scored = new Map((await db.paymentForecast.groupBy({ by: ["shopId"], _max: { scoredAt: true } })).map((g) => [g.shopId, g._max.scoredAt]));
  for (const { id } of shops) {
    const trainedAt = models.get(id);
    const last = scored.get(id);
    if (!trainedAt || now.getTime() - trainedAt.getTime() >= TRAIN_EVERY_MS) await fitAndScoreShop(db, id, now);
    else if (!last || now.getTime() - last.getTime() >= SCORE_EVERY_MS) await scoreOpenReceivables(db, id, now);
  }
}

export interface WorklistRow {
  receivableId: string;
  order: string;
  customerId: string | null;
  customer: string | null;
  currency: string;
  outstandingMinor: number;
  dueAt: Date;
  lateProbability: number;
  bucket: string;
  reasons: string[];
  atRiskMinor: number;
}

/** Whom to call today: the open receivables with the most money expected to come in late, first. */
export async function whoToCallToday(db: Db, shopId: string, limit = 50): Promise<WorklistRow[]> {
  const rows = await db.paymentForecast.findMany({
    where: { shopId, receivable: { status: "open", workflowState: null } },
    orderBy: [{ atRiskMinor: "desc" }, { receivableId: "asc" }], take: limit,
    include: { receivable: { select: { orderName: true, currency: true, outstandingMinor: true, dueAt: true, customerId: true, customer: { select: { company: true, firstName: true, lastName: true, email: true, gid: true } } } } },
  });
  return rows.map((f) => {
    const c = f.receivable.customer;
    return {
      receivableId: f.receivableId, order: f.receivable.orderName, customerId: f.receivable.customerId,
      customer: c ? customerName(c) : null,
      currency: f.receivable.currency, outstandingMinor: Number(f.receivable.outstandingMinor), dueAt: f.receivable.dueAt,
      lateProbability: f.lateProbability, bucket: f.bucket, reasons: JSON.parse(f.reasons) as string[], atRiskMinor: Number(f.atRiskMinor),
    };
  });
}

export interface PredictionQuality {
  kind: "learned" | "prior";
  examples: number;
  trainedAt: Date;
  holdOut: number;
  auc: number | null;
  calibrationError: number | null;
  bins: CalibrationBin[];
  /** the prior's share of late payments, when there was too little history */
  lateShare: number | null;
}

/** What the reports page says about the model: measured on the shop's own newest invoices, never hidden. */
export async function predictionQuality(db: Db, shopId: string): Promise<PredictionQuality | null> {
  const stored = await db.predictionModel.findUnique({ where: { shopId } });
  if (!stored) return null;
  const model = JSON.parse(stored.model) as LatePaymentModel;
  return {
    kind: model.kind, examples: stored.examples, trainedAt: stored.trainedAt, holdOut: stored.holdOut, auc: stored.auc, calibrationError: stored.calibrationError,
    bins: JSON.parse(stored.calibration) as CalibrationBin[], lateShare: model.kind === "prior" ? model.lateShare : null,
  };
}
