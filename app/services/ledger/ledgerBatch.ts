/**
 * The ledger written many facts and snapshots at a time (a statement's payments, a burst of
 * webhooks): the same result as ledgerStore one by one, in a few queries per batch instead of
 * five to ten per item. Every write is keyed as there, so running a batch again changes nothing.
 */
import type { Db } from "../../db/client";
import { setColumnsById, type ColumnType } from "../../db/dialect";
import { deriveReceivable, isCreditSale, LedgerError, type LedgerFact, type OrderSnapshot } from "../../domain/ledger";
import type { CustomerRecord } from "../../adapters/shopify/payloads";
import { isUniqueViolation } from "./dbErrors";
import { recordTimelineEntry, timelineRow, type TimelineEntry } from "./timeline";
import { decodeSnapshot } from "./snapshotCodec";
import { withOrdersLocked } from "./receivableLock";
import {
  customerFields, factEntry, factOf, LEDGER_FACT_KINDS, RECOMPUTED_COLUMNS, recomputedWrite, sameTime, snapshotEntry, snapshotFields, type ShopRef,
} from "./ledgerStore";

const BULK = 200;

/**
 * Many facts at once (the payments of a bank statement). The receivables are recomputed under
 * their row locks (PostgreSQL) or in one transaction (SQLite).
 */
export async function recordLedgerFacts(db: Db, shop: ShopRef, facts: readonly LedgerFact[]): Promise<void> {
  for (let i = 0; i < facts.length; i += BULK) {
    const batch = facts.slice(i, i + BULK);
    const orderGids = [...new Set(batch.map((f) => f.orderGid))];
    const currencies = new Map((await db.receivable.findMany({
      where: { shopId: shop.id, orderGid: { in: orderGids } }, select: { orderGid: true, currency: true },
    })).map((r) => [r.orderGid, r.currency]));
    for (const fact of batch) {
      const currency = currencies.get(fact.orderGid);
      if (currency && currency !== fact.currency) throw new LedgerError(`${fact.kind} in ${fact.currency} for an order in ${currency}`);
    }
    await writeTimelineEntries(db, shop.id, batch.map((fact) => factEntry(shop.id, fact)));
    await withOrdersLocked(db, shop.id, orderGids, (locked) => recomputeReceivables(locked, shop, orderGids));
  }
}

/** Timeline entries not yet written (by key), in one insert; a row another writer added meanwhile is skipped. */
async function writeTimelineEntries(db: Db, shopId: string, entries: readonly TimelineEntry[]): Promise<void> {
  const unique = [...new Map(entries.map((entry) => [entry.sourceKey, entry])).values()];
  const written = new Set((await db.ledgerEvent.findMany({
    where: { shopId, sourceKey: { in: unique.map((entry) => entry.sourceKey) } }, select: { sourceKey: true },
  })).map((row) => row.sourceKey));
  const fresh = unique.filter((entry) => !written.has(entry.sourceKey));
  if (fresh.length === 0) return;
  try {
    await db.ledgerEvent.createMany({ data: fresh.map(timelineRow) });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    for (const entry of fresh) await recordTimelineEntry(db, entry);
  }
}

/** Each receivable set to deriveReceivable(its snapshot, its facts); rows that would not change are not written. */
async function recomputeReceivables(db: Db, shop: ShopRef, orderGids: string[]): Promise<void> {
  const [rows, events] = await Promise.all([
    db.receivable.findMany({ where: { shopId: shop.id, orderGid: { in: orderGids } } }),
    db.ledgerEvent.findMany({ where: { shopId: shop.id, orderGid: { in: orderGids }, kind: { in: LEDGER_FACT_KINDS } } }),
  ]);
  const factsByOrder = new Map<string, LedgerFact[]>();
  for (const event of events) (factsByOrder.get(event.orderGid) ?? factsByOrder.set(event.orderGid, []).get(event.orderGid)!).push(factOf(event));
  // updatedAt as Prisma would set it: the scheduler's batch writes compare it to see this write
  const written = new Date();
  const changed = rows.flatMap((row) => {
    const data = recomputedWrite(row, deriveReceivable(decodeSnapshot(row.snapshot), factsByOrder.get(row.orderGid) ?? [], shop.defaultTermDays));
    return data ? [{ id: row.id, values: [data.outstandingMinor, data.dueAt, data.status, data.paidAt, data.nextActionAt, written] }] : [];
  });
  await setColumnsById(db, "Receivable", RECOMPUTED_COLUMNS, changed);
}

export interface OrderUpdate {
  snapshot: OrderSnapshot;
  customer: CustomerRecord | null;
  webhookId?: string;
}

export interface FactUpdate {
  fact: LedgerFact;
  webhookId?: string;
}

/**
 * Order snapshots and payment facts of one shop, as applyOrderSnapshot and recordLedgerFact would
 * leave them one after the other. Returns the facts it refused (a currency the order is not in):
 * those are for the caller to report one by one.
 */
export async function applyLedgerBatch(db: Db, shop: ShopRef, orders: readonly OrderUpdate[], facts: readonly FactUpdate[]): Promise<FactUpdate[]> {
  const customerIds = await upsertCustomers(db, shop.id, orders.flatMap((order) => (order.customer ? [order.customer] : [])));
  const orderGids = [...new Set([...orders.map((o) => o.snapshot.orderGid), ...facts.map((f) => f.fact.orderGid)])];
  if (orderGids.length === 0) return [];
  // Three steps, each committed before the next, as one by one: a writer racing on the same order
  // (another worker's payment before its receivable exists) then finds what this batch wrote
  // when it recomputes, and this batch's recompute finds what the other wrote.
  const currencies = await withOrdersLocked(db, shop.id, orderGids, (locked) => writeSnapshots(locked, shop.id, orderGids, orders, customerIds));
  const refused = facts.filter(({ fact }) => {
    const order = currencies.get(fact.orderGid);
    return order !== undefined && order.currency !== fact.currency && order.presentment() !== fact.currency;
  });
  const taken = facts.filter((f) => !refused.includes(f));
  await writeTimelineEntries(db, shop.id, [
    ...orders.map((o) => snapshotEntry(shop.id, o.snapshot, o.webhookId)),
    ...taken.map((f) => factEntry(shop.id, f.fact, f.webhookId)),
  ]);
  await withOrdersLocked(db, shop.id, orderGids, (locked) => recomputeReceivables(locked, shop, orderGids));
  return refused;
}

const SNAPSHOT_COLUMNS: readonly { name: string; type: ColumnType }[] = [
  { name: "orderName", type: "text" }, { name: "currency", type: "text" }, { name: "totalMinor", type: "bigint" },
  { name: "issuedAt", type: "timestamp" }, { name: "financialStatus", type: "text" }, { name: "cancelledAt", type: "timestamp" },
  { name: "paymentTermsName", type: "text" }, { name: "paymentTermsGid", type: "text" }, { name: "test", type: "boolean" },
  { name: "snapshotUpdatedAt", type: "timestamp" }, { name: "snapshot", type: "text" }, { name: "paymentUrl", type: "text" },
  { name: "customerId", type: "text" }, { name: "creditSale", type: "boolean" },
];

/**
 * Each order's newest snapshot onto its receivable (an older one never overwrites a newer), and
 * credit sale once any copy shows one. Returns the currencies of every order in `orderGids` that
 * has a receivable, for the facts to be checked.
 */
async function writeSnapshots(db: Db, shopId: string, orderGids: string[], orders: readonly OrderUpdate[], customerIds: Map<string, string>) {
  const newest = new Map<string, OrderUpdate>();
  const latestWithCustomer = new Map<string, OrderUpdate>();
  const credit = new Set<string>();
  for (const order of orders) {
    const { orderGid, updatedAt } = order.snapshot;
    if (isCreditSale(order.snapshot)) credit.add(orderGid);
    const known = newest.get(orderGid);
    if (!known || updatedAt >= known.snapshot.updatedAt) newest.set(orderGid, order);
    const named = latestWithCustomer.get(orderGid);
    if (order.customer && (!named || updatedAt >= named.snapshot.updatedAt)) latestWithCustomer.set(orderGid, order);
  }
  const existing = await db.receivable.findMany({
    where: { shopId, orderGid: { in: orderGids } },
    select: { id: true, orderGid: true, snapshotUpdatedAt: true, creditSale: true, customerId: true, currency: true, snapshot: true },
  });
  const byOrder = new Map(existing.map((row) => [row.orderGid, row]));
  // as one by one: each copy that names the customer sets it, unless an older copy than the row's
  const customerOf = (orderGid: string, notBefore: Date | null) => {
    const update = latestWithCustomer.get(orderGid);
    return update && (!notBefore || update.snapshot.updatedAt >= notBefore) ? customerIds.get(update.customer!.gid) ?? null : null;
  };
  const creates = [...newest.values()].filter((o) => !byOrder.has(o.snapshot.orderGid)).map(({ snapshot }) => ({
    shopId, orderGid: snapshot.orderGid, ...snapshotFields(snapshot), customerId: customerOf(snapshot.orderGid, null),
    creditSale: credit.has(snapshot.orderGid), outstandingMinor: BigInt(snapshot.outstandingMinor), dueAt: snapshot.issuedAt, status: "open",
  }));
  // a receivable another writer created meanwhile fails the insert: the caller applies the batch one by one
  if (creates.length) await db.receivable.createMany({ data: creates });
  const creditOnly: { id: string; values: unknown[] }[] = [];
  const whole: { id: string; values: unknown[] }[] = [];
  for (const row of existing) {
    const update = newest.get(row.orderGid);
    if (!update) continue; // an order only a payment of this batch is for
    const { snapshot } = update;
    const creditSale = row.creditSale || credit.has(row.orderGid);
    if (snapshot.updatedAt < row.snapshotUpdatedAt) {
      if (creditSale !== row.creditSale) creditOnly.push({ id: row.id, values: [true] });
      continue;
    }
    const fields = snapshotFields(snapshot);
    whole.push({ id: row.id, values: [
      fields.orderName, fields.currency, fields.totalMinor, fields.issuedAt, fields.financialStatus, fields.cancelledAt,
      fields.paymentTermsName, fields.paymentTermsGid, fields.test, fields.snapshotUpdatedAt, fields.snapshot, fields.paymentUrl,
      customerOf(row.orderGid, row.snapshotUpdatedAt) ?? row.customerId, creditSale,
    ] });
  }
  await setColumnsById(db, "Receivable", SNAPSHOT_COLUMNS.filter((c) => c.name === "creditSale"), creditOnly);
  await setColumnsById(db, "Receivable", SNAPSHOT_COLUMNS, whole);
  // the customer's currency is read from a stored snapshot only for a payment in another currency than the order's
  const currencies = new Map<string, { currency: string; presentment: () => string | null }>();
  for (const row of existing) currencies.set(row.orderGid, { currency: row.currency, presentment: () => decodeSnapshot(row.snapshot).presentment?.currency ?? null });
  for (const { snapshot } of newest.values()) {
    currencies.set(snapshot.orderGid, { currency: snapshot.currency, presentment: () => snapshot.presentment?.currency ?? null });
  }
  return currencies;
}

/** Customers as upsertCustomer leaves them: the newest copy of each wins, a redacted one is left alone. Returns gid → id. */
async function upsertCustomers(db: Db, shopId: string, customers: readonly CustomerRecord[]): Promise<Map<string, string>> {
  const newest = new Map<string, CustomerRecord>();
  for (const customer of customers) {
    const known = newest.get(customer.gid);
    if (!known || (customer.updatedAt?.getTime() ?? 0) >= (known.updatedAt?.getTime() ?? 0)) newest.set(customer.gid, customer);
  }
  if (newest.size === 0) return new Map();
  const existing = await db.customer.findMany({ where: { shopId, gid: { in: [...newest.keys()] } } });
  const ids = new Map(existing.map((row) => [row.gid, row.id]));
  const fresh = [...newest.values()].filter((c) => !ids.has(c.gid));
  if (fresh.length) {
    await db.customer.createMany({ data: fresh.map((c) => ({ shopId, gid: c.gid, ...customerFields(c) })) });
    for (const row of await db.customer.findMany({ where: { shopId, gid: { in: fresh.map((c) => c.gid) } }, select: { id: true, gid: true } })) {
      ids.set(row.gid, row.id);
    }
  }
  for (const row of existing) {
    const customer = newest.get(row.gid)!;
    const stale = row.sourceUpdatedAt && customer.updatedAt && customer.updatedAt < row.sourceUpdatedAt;
    const data = customerFields(customer);
    const unchanged = (Object.keys(data) as (keyof typeof data)[]).every((key) => sameValue(data[key], row[key]));
    if (!stale && !row.redactedAt && !unchanged) await db.customer.update({ where: { id: row.id }, data });
  }
  return ids;
}

const sameValue = (a: unknown, b: unknown) => (a instanceof Date || b instanceof Date ? sameTime(a as Date | null, b as Date | null) : a === b);
