/** Report numbers and CSV exports; everything bounded by the shop. */
import type { Db } from "../../db/client";
import { agingBucket, AGING_BUCKETS, type AgingBucket } from "../../domain/aging";
import { reminderEffectiveness } from "../../domain/effectiveness";
import { toCsv, type CsvRow } from "../../adapters/csv";
import { DEFAULT_FLOW } from "../../domain/flows";
import { toDecimalString, type CurrencyCode } from "../../domain/money";
import { handOverCsv, handOverJson, type HandOverShop } from "./handOverFile";

export async function reportData(db: Db, shopId: string, now: Date) {
  const [open, reminders, payments] = await Promise.all([
    db.receivable.findMany({ where: { shopId, creditSale: true, status: "open" }, select: { dueAt: true, outstandingMinor: true, segmentId: true, customer: { select: { countryCode: true } } } }),
    db.message.findMany({
      where: { shopId, status: { in: ["sent", "outbox"] }, purpose: { not: "notice" }, sentAt: { not: null } },
      select: { stepKey: true, channel: true, sentAt: true, receivable: { select: { paidAt: true } } },
    }),
    db.ledgerEvent.findMany({
      where: { shopId, kind: "payment", occurredAt: { gte: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 5, 1)), lte: now } },
      select: { occurredAt: true, amountMinor: true },
    }),
  ]);
  const segmentNames = new Map((await db.segment.findMany({ where: { shopId }, select: { id: true, name: true } })).map((s) => [s.id, s.name]));
  const byCountry = new Map<string, Record<AgingBucket, number>>();
  const bySegment = new Map<string, Record<AgingBucket, number>>();
  const add = (map: Map<string, Record<AgingBucket, number>>, key: string, bucket: AgingBucket, amount: number) => {
    const row = map.get(key) ?? map.set(key, Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0])) as Record<AgingBucket, number>).get(key)!;
    row[bucket] += amount;
  };
  for (const r of open) {
    const bucket = agingBucket(r.dueAt, now);
    add(byCountry, r.customer?.countryCode ?? "—", bucket, Number(r.outstandingMinor));
    add(bySegment, (r.segmentId && segmentNames.get(r.segmentId)) || "—", bucket, Number(r.outstandingMinor));
  }
  const sent = reminders.map((m) => ({ stepKey: m.stepKey, sentAt: m.sentAt!, paidAt: m.receivable.paidAt }));
  const order = DEFAULT_FLOW.map((s) => s.key);
  const collected = new Map<string, number>();
  for (let i = 5; i >= 0; i--) collected.set(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)).toISOString().slice(0, 7), 0);
  for (const p of payments) {
    const month = p.occurredAt.toISOString().slice(0, 7);
    if (collected.has(month)) collected.set(month, collected.get(month)! + Number(p.amountMinor));
  }
  const byChannel = new Map<string, number>();
  for (const m of reminders) byChannel.set(m.channel, (byChannel.get(m.channel) ?? 0) + 1);
  return {
    agingByCountry: [...byCountry].sort(([a], [b]) => a.localeCompare(b)).map(([country, buckets]) => ({ country, buckets })),
    agingBySegment: [...bySegment].sort(([a], [b]) => a.localeCompare(b)).map(([segment, buckets]) => ({ segment, buckets })),
    effectiveness: { 3: reminderEffectiveness(sent, 3, order), 7: reminderEffectiveness(sent, 7, order), 14: reminderEffectiveness(sent, 14, order) },
    collectedPerMonth: [...collected].map(([month, amountMinor]) => ({ month, amountMinor })),
    messagesPerChannel: [...byChannel].map(([channel, count]) => ({ channel, count })),
  };
}

/** Per staff member: their open and finished tasks, open disputes and the ones past answer-by. */
export async function staffReport(db: Db, shopId: string, now: Date) {
  const [tasks, disputes] = await Promise.all([
    db.task.findMany({ where: { shopId, assignee: { not: null } }, select: { assignee: true, doneAt: true } }),
    db.dispute.findMany({ where: { shopId, assignee: { not: null }, status: "open" }, select: { assignee: true, slaDueAt: true } }),
  ]);
  const rows = new Map<string, { openTasks: number; doneTasks: number; openDisputes: number; disputesPastSla: number }>();
  const row = (name: string) => rows.get(name) ?? rows.set(name, { openTasks: 0, doneTasks: 0, openDisputes: 0, disputesPastSla: 0 }).get(name)!;
  for (const t of tasks) row(t.assignee!)[t.doneAt ? "doneTasks" : "openTasks"] += 1;
  for (const d of disputes) {
    row(d.assignee!).openDisputes += 1;
    if (d.slaDueAt < now) row(d.assignee!).disputesPastSla += 1;
  }
  return [...rows].sort(([a], [b]) => a.localeCompare(b)).map(([staff, counts]) => ({ staff, ...counts }));
}

export const EXPORTS = ["receivables", "customers", "messages", "disputes", "arrangements", "tasks", "handover"] as const;
export type ExportTable = (typeof EXPORTS)[number];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const columns = (header: string[], rows: CsvRow[]) => ({ header, rows });

export async function exportCsv(db: Db, shop: HandOverShop & { currency: string }, name: ExportTable, now: Date): Promise<string> {
  if (name === "handover") return handOverCsv(db, shop, now);
  const { header, rows } = await exportRows(db, shop, name);
  return toCsv(header, rows);
}

/** The same table as JSON: an object per row, values exactly as stored (no spreadsheet defusing). */
export async function exportJson(db: Db, shop: HandOverShop & { currency: string }, name: ExportTable, now: Date): Promise<string> {
  if (name === "handover") return handOverJson(db, shop, now);
  const { header, rows } = await exportRows(db, shop, name);
  return JSON.stringify(rows.map((row) => Object.fromEntries(header.map((column, i) => [column, row[i]]))), null, 2);
}

/** One table of the shop, as columns and rows: written as CSV for people, as JSON for machines. */
async function exportRows(db: Db, shop: HandOverShop & { currency: string }, name: Exclude<ExportTable, "handover">): Promise<{ header: string[]; rows: CsvRow[] }> {
  const money = (minor: bigint | number | null, currency = shop.currency) => (minor === null ? null : toDecimalString(Number(minor), currency as CurrencyCode));
  const shopId = shop.id;
  switch (name) {
    case "receivables": {
      const rows = await db.receivable.findMany({ where: { shopId, creditSale: true }, orderBy: { issuedAt: "asc" }, include: { customer: true } });
      return columns(["order", "order_gid", "customer_email", "customer_company", "country", "currency", "total", "outstanding", "issued_at", "due_at", "status", "workflow_state", "paid_at", "payment_terms"],
        rows.map((r) => [r.orderName, r.orderGid, r.customer?.email ?? null, r.customer?.company ?? null, r.customer?.countryCode ?? null, r.currency,
          money(r.totalMinor, r.currency), money(r.outstandingMinor, r.currency), iso(r.issuedAt), iso(r.dueAt), r.status, r.workflowState, iso(r.paidAt), r.paymentTermsName]));
    }
    case "customers": {
      const rows = await db.customer.findMany({ where: { shopId, redactedAt: null }, orderBy: { id: "asc" } });
      return columns(["customer_gid", "email", "first_name", "last_name", "company", "country", "locale", "tags", "risk_level", "credit_limit"],
        rows.map((c) => [c.gid, c.email, c.firstName, c.lastName, c.company, c.countryCode, c.locale, c.tags, c.riskLevel, money(c.creditLimitMinor)]));
    }
    case "messages": {
      const rows = await db.message.findMany({ where: { shopId }, orderBy: { createdAt: "asc" }, include: { receivable: { select: { orderName: true } } } });
      return columns(["order", "step", "channel", "status", "to", "subject", "fee", "created_at", "sent_at", "error"],
        rows.map((m) => [m.receivable.orderName, m.stepKey, m.channel, m.status, m.toAddress, m.subject, money(m.feeMinor), iso(m.createdAt), iso(m.sentAt), m.error]));
    }
    case "disputes": {
      const rows = await db.dispute.findMany({ where: { shopId }, orderBy: { openedAt: "asc" }, include: { receivable: { select: { orderName: true } } } });
      return columns(["order", "source", "reason", "status", "resolution", "assignee", "opened_at", "answer_by", "resolved_at"],
        rows.map((d) => [d.receivable.orderName, d.source, d.reason, d.status, d.resolution, d.assignee, iso(d.openedAt), iso(d.slaDueAt), iso(d.resolvedAt)]));
    }
    case "arrangements": {
      const rows = await db.arrangement.findMany({ where: { shopId }, orderBy: { createdAt: "asc" }, include: { receivable: { select: { orderName: true } }, instalments: { orderBy: { seq: "asc" } } } });
      return columns(["order", "status", "source", "total", "instalments", "created_at", "ended_at"],
        rows.map((a) => [a.receivable.orderName, a.status, a.source, money(a.totalMinor, a.currency),
          a.instalments.map((i) => `${i.seq}:${money(i.amountMinor, a.currency)}@${i.dueAt.toISOString().slice(0, 10)}`).join(" "), iso(a.createdAt), iso(a.endedAt)]));
    }
    case "tasks": {
      const rows = await db.task.findMany({ where: { shopId }, orderBy: { createdAt: "asc" } });
      return columns(["kind", "title", "assignee", "due_at", "done_at"], rows.map((t) => [t.kind, t.title, t.assignee, iso(t.dueAt), iso(t.doneAt)]));
    }
  }
}
