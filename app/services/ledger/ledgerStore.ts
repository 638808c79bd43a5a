/**
 * Stores ledger facts and keeps each receivable equal to deriveReceivable(facts).
 * Every write is idempotent: a fact is keyed on its Shopify gid, a snapshot on order + updated_at,
 * and the receivable row is recomputed from all stored facts after each write.
 */
import type { Db } from "../../db/client";
import { deriveReceivable, isCreditSale, LedgerError, type LedgerFact, type OrderSnapshot } from "../../domain/ledger";
import type { CurrencyCode } from "../../domain/money";
import { receivableKindOf } from "../../domain/renewals";
import type { CustomerRecord } from "../../adapters/shopify/payloads";
import { customerSortName } from "../../domain/customerNames";
import { isUniqueViolation } from "./dbErrors";
import { recordTimelineEntry, type TimelineEntry } from "./timeline";
import { decodeSnapshot, encodeSnapshot } from "./snapshotCodec";
import { withReceivableLock } from "./receivableLock";

export interface ShopRef {
  id: string;
  defaultTermDays: number;
  currency: string;
}

export const LEDGER_FACT_KINDS = ["payment", "refund"];

/** The customer's row as Shopify last told it. */
export function customerFields(customer: CustomerRecord) {
  return {
    email: customer.email, firstName: customer.firstName, lastName: customer.lastName, company: customer.company, sortName: customerSortName(customer),
    phone: customer.phone, locale: customer.locale, countryCode: customer.countryCode, tags: customer.tags,
    address1: customer.address1, address2: customer.address2, zip: customer.zip, city: customer.city, province: customer.province,
    sourceUpdatedAt: customer.updatedAt,
  };
}

/** Newest data wins: an older customers/update or order copy never overwrites a newer one. */
export async function upsertCustomer(db: Db, shopId: string, customer: CustomerRecord): Promise<string> {
  const data = customerFields(customer);
  const existing = await db.customer.findUnique({ where: { shopId_gid: { shopId, gid: customer.gid } } });
  if (!existing) {
    try {
      return (await db.customer.create({ data: { shopId, gid: customer.gid, ...data } })).id;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return upsertCustomer(db, shopId, customer);
    }
  }
  const stale = existing.sourceUpdatedAt && customer.updatedAt && customer.updatedAt < existing.sourceUpdatedAt;
  if (!stale && !existing.redactedAt) await db.customer.update({ where: { id: existing.id }, data });
  return existing.id;
}

/** What an order snapshot sets on its receivable (the owed amount is derived later, with the facts). */
export function snapshotFields(snapshot: OrderSnapshot) {
  return {
    orderName: snapshot.orderName, currency: snapshot.currency, totalMinor: BigInt(snapshot.totalMinor),
    issuedAt: snapshot.issuedAt, financialStatus: snapshot.financialStatus, cancelledAt: snapshot.cancelledAt,
    paymentTermsName: snapshot.paymentTerms?.name ?? null, paymentTermsGid: snapshot.paymentTerms?.gid ?? null,
    test: snapshot.test, snapshotUpdatedAt: snapshot.updatedAt, snapshot: encodeSnapshot(snapshot),
    paymentUrl: snapshot.paymentUrl,
  };
}

/** The order's entry on its timeline: keyed on order + updated_at, so a redelivery adds nothing. */
export function snapshotEntry(shopId: string, snapshot: OrderSnapshot, webhookId?: string): TimelineEntry {
  return {
    shopId, orderGid: snapshot.orderGid, kind: "order",
    sourceKey: `${snapshot.orderGid}@${snapshot.updatedAt.toISOString()}`,
    amountMinor: snapshot.outstandingMinor, currency: snapshot.currency, occurredAt: snapshot.updatedAt,
    webhookId,
    detail: { financialStatus: snapshot.financialStatus, cancelled: Boolean(snapshot.cancelledAt) },
  };
}

export async function applyOrderSnapshot(
  db: Db,
  shop: ShopRef,
  snapshot: OrderSnapshot,
  options: { webhookId?: string; customer?: CustomerRecord | null } = {},
): Promise<void> {
  const customerId = options.customer ? await upsertCustomer(db, shop.id, options.customer) : null;
  await recordTimelineEntry(db, snapshotEntry(shop.id, snapshot, options.webhookId));
  const key = { shopId_orderGid: { shopId: shop.id, orderGid: snapshot.orderGid } };
  const fields = { ...snapshotFields(snapshot), ...(customerId ? { customerId } : {}) };
  const existing = await db.receivable.findUnique({ where: key });
  if (!existing) {
    try {
      await db.receivable.create({
        data: {
          shopId: shop.id, orderGid: snapshot.orderGid, kind: receivableKindOf(snapshot.orderGid), ...fields, creditSale: isCreditSale(snapshot),
          outstandingMinor: BigInt(snapshot.outstandingMinor), dueAt: snapshot.issuedAt, status: "open",
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return applyOrderSnapshot(db, shop, snapshot, options);
    }
  } else {
    // An older copy may still show the order unpaid: it proves a credit sale, nothing more.
    if (isCreditSale(snapshot) && !existing.creditSale) {
      await db.receivable.update({ where: key, data: { creditSale: true } });
    }
    await db.receivable.updateMany({
      where: { shopId: shop.id, orderGid: snapshot.orderGid, snapshotUpdatedAt: { lte: snapshot.updatedAt } },
      data: fields,
    });
  }
  await recomputeReceivable(db, shop, snapshot.orderGid);
}

/** Records a payment or refund. Before the order itself is known the fact waits for it. */
export async function recordLedgerFact(db: Db, shop: ShopRef, fact: LedgerFact, webhookId?: string): Promise<void> {
  const receivable = await db.receivable.findUnique({
    where: { shopId_orderGid: { shopId: shop.id, orderGid: fact.orderGid } },
    select: { currency: true, snapshot: true },
  });
  // a payment in the customer's currency is converted at the order's own rate when it is derived
  const presentment = receivable && receivable.currency !== fact.currency ? decodeSnapshot(receivable.snapshot).presentment : null;
  if (receivable && receivable.currency !== fact.currency && presentment?.currency !== fact.currency) {
    throw new LedgerError(`${fact.kind} in ${fact.currency} for an order in ${receivable.currency}`);
  }
  await recordTimelineEntry(db, factEntry(shop.id, fact, webhookId));
  // the order may have been stored by another worker meanwhile: recompute looks again
  await recomputeReceivable(db, shop, fact.orderGid);
}

interface EventRow { kind: string; sourceKey: string; orderGid: string; occurredAt: Date; currency: string; amountMinor: bigint; detail: string }

export function factOf(row: EventRow): LedgerFact {
  const detail = JSON.parse(row.detail) as { outstandingDeltaMinor: number; outsideShopify?: StoredOutside };
  return {
    kind: row.kind as LedgerFact["kind"],
    key: row.sourceKey,
    orderGid: row.orderGid,
    occurredAt: row.occurredAt,
    currency: row.currency as CurrencyCode,
    amountMinor: Number(row.amountMinor),
    outstandingDeltaMinor: detail.outstandingDeltaMinor,
    ...(detail.outsideShopify ? { outsideShopify: decodeOutside(detail.outsideShopify) } : {}),
  };
}

export async function loadFacts(db: Db, shopId: string, orderGid: string): Promise<LedgerFact[]> {
  return (await db.ledgerEvent.findMany({ where: { shopId, orderGid, kind: { in: LEDGER_FACT_KINDS } } })).map(factOf);
}

/** A payment or refund as its timeline entry: the fact's own key makes it count once. */
export function factEntry(shopId: string, fact: LedgerFact, webhookId?: string): TimelineEntry {
  return {
    shopId, orderGid: fact.orderGid, kind: fact.kind, sourceKey: fact.key, amountMinor: fact.amountMinor, currency: fact.currency,
    occurredAt: fact.occurredAt, webhookId,
    detail: { outstandingDeltaMinor: fact.outstandingDeltaMinor, ...(fact.outsideShopify ? { outsideShopify: encodeOutside(fact.outsideShopify) } : {}) },
  };
}

export const RECOMPUTED_COLUMNS = [
  { name: "outstandingMinor", type: "bigint" }, { name: "dueAt", type: "timestamp" }, { name: "status", type: "text" },
  { name: "paidAt", type: "timestamp" }, { name: "nextActionAt", type: "timestamp" }, { name: "updatedAt", type: "timestamp" },
] as const;

interface RecomputedRow {
  outstandingMinor: bigint;
  dueAt: Date;
  status: string;
  paidAt: Date | null;
  nextActionAt: Date | null;
}

/**
 * What a recompute writes to the receivable, or null when it would change nothing owed and the
 * receivable keeps its plan: an order update that changes nothing owed (a tag, a fulfilment) does
 * not rewrite the row, nor send it back to the scheduler (which plans it again when its date
 * comes, from what is stored then).
 */
export function recomputedWrite(row: RecomputedRow, state: ReturnType<typeof deriveReceivable>): RecomputedRow | null {
  const data = {
    outstandingMinor: BigInt(state.outstandingMinor), dueAt: state.dueAt, status: state.status, paidAt: state.paidAt,
    // any change to what is owed makes the scheduler look again; a settled order leaves it
    nextActionAt: state.status === "open" ? state.issuedAt : null,
  };
  const same = data.outstandingMinor === row.outstandingMinor && data.status === row.status && sameTime(data.dueAt, row.dueAt)
    && sameTime(data.paidAt, row.paidAt) && (data.nextActionAt === null) === (row.nextActionAt === null);
  return same ? null : data;
}

export const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

interface StoredOutside { shopifyTransactionGid: string | null; recordedInShopifyAt: string | null }

function encodeOutside(outside: NonNullable<LedgerFact["outsideShopify"]>): StoredOutside {
  return { shopifyTransactionGid: outside.shopifyTransactionGid, recordedInShopifyAt: outside.recordedInShopifyAt?.toISOString() ?? null };
}

function decodeOutside(stored: StoredOutside): NonNullable<LedgerFact["outsideShopify"]> {
  return { shopifyTransactionGid: stored.shopifyTransactionGid, recordedInShopifyAt: stored.recordedInShopifyAt ? new Date(stored.recordedInShopifyAt) : null };
}

/** Shopify now holds a payment we recorded first (written back as that transaction): the ledger stops adding it on top. */
export async function markRecordedInShopify(
  db: Db, shop: ShopRef, orderGid: string, ledgerKey: string, transactionGid: string | null, recordedAt: Date,
): Promise<void> {
  const row = await db.ledgerEvent.findUnique({ where: { shopId_sourceKey: { shopId: shop.id, sourceKey: ledgerKey } } });
  if (!row) return;
  const detail = JSON.parse(row.detail) as Record<string, unknown>;
  detail.outsideShopify = encodeOutside({ shopifyTransactionGid: transactionGid, recordedInShopifyAt: recordedAt });
  await db.ledgerEvent.update({ where: { id: row.id }, data: { detail: JSON.stringify(detail) } });
  await recomputeReceivable(db, shop, orderGid);
}

export async function recomputeReceivable(db: Db, shop: ShopRef, orderGid: string): Promise<string[]> {
  return withReceivableLock(db, shop.id, orderGid, async (locked) => {
    const row = await locked.receivable.findUnique({ where: { shopId_orderGid: { shopId: shop.id, orderGid } } });
    if (!row) return [];
    const state = deriveReceivable(decodeSnapshot(row.snapshot), await loadFacts(locked, shop.id, orderGid), shop.defaultTermDays);
    const write = recomputedWrite(row, state);
    if (write) await locked.receivable.update({ where: { id: row.id }, data: write });
    return state.conflicts;
  });
}
