/**
 * Imports a statement file: parsed completely before anything is stored (a bad file imports
 * nothing), each entry stored once (its key survives re-imports and overlapping statements),
 * then the new credits are matched.
 */
import { inTransaction, type Db } from "../../db/client";
import { readStatementFile } from "../../adapters/bank/readStatement";
import type { ParsedStatement } from "../../domain/bank/statement";
import type { ShopRef } from "../ledger/ledgerStore";
import { matchBankEntries, type MatchCounts } from "./bankMatching";

export interface ImportResult extends MatchCounts {
  statements: number;
  entries: number;
  /** entries already imported before (the same statement twice, overlapping statements) */
  alreadyImported: number;
  /** new entries left to the worker: a large statement is matched in the background */
  pending: number;
}

/** Up to this many new entries are matched while the merchant waits (a few seconds); more go to the worker. */
export const MATCH_WHILE_WAITING = 1_000;

const CHUNK = 500;

async function existingKeys(db: Db, shopId: string, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await db.bankEntry.findMany({ where: { shopId, entryKey: { in: keys.slice(i, i + CHUNK) } }, select: { entryKey: true } });
    for (const row of rows) found.add(row.entryKey);
  }
  return found;
}

async function storeStatement(db: Db, shopId: string, statement: ParsedStatement, fileName: string | null, now: Date, status: EntryIntake): Promise<string[]> {
  const known = await existingKeys(db, shopId, statement.entries.map((e) => e.entryKey));
  const fresh = statement.entries.filter((e) => !known.has(e.entryKey));
  const existing = await db.bankStatement.findUnique({ where: { shopId_statementRef: { shopId, statementRef: statement.statementRef } } });
  const statementId = existing?.id ?? (await db.bankStatement.create({
    data: { shopId, format: statement.format, statementRef: statement.statementRef, accountIban: statement.accountIban, fileName, entryCount: statement.entries.length, importedAt: now },
  })).id;
  const rows = fresh.map((e) => ({
    shopId, statementId, entryKey: e.entryKey, bookedOn: e.bookedOn, amountMinor: BigInt(e.amountMinor), currency: e.currency,
    direction: e.direction, reversal: e.reversal, counterpartyName: e.counterpartyName, counterpartyIban: e.counterpartyIban,
    remittance: e.remittance, structuredReference: e.structuredReference, bankReference: e.bankReference,
    status, importedAt: now,
  }));
  for (let i = 0; i < rows.length; i += CHUNK) await db.bankEntry.createMany({ data: rows.slice(i, i + CHUNK) });
  const ids: string[] = [];
  const keys = fresh.map((e) => e.entryKey);
  for (let i = 0; i < keys.length; i += CHUNK) {
    ids.push(...(await db.bankEntry.findMany({ where: { shopId, entryKey: { in: keys.slice(i, i + CHUNK) } }, select: { id: true } })).map((r) => r.id));
  }
  return ids;
}

export async function importStatementFile(
  db: Db, shop: ShopRef, content: string, fileName: string | null, now: Date, canWriteBack: boolean,
): Promise<ImportResult> {
  const statements = readStatementFile(content);
  const total = statements.reduce((sum, s) => sum + s.entries.length, 0);
  // a small file is matched while the merchant waits: its entries are not the worker's to take meanwhile
  const inRequest = total <= MATCH_WHILE_WAITING;
  // all statements of the file or none: a failure halfway leaves nothing half-imported
  const newIds = await inTransaction(db, async (tx) => {
    const ids: string[] = [];
    for (const statement of statements) ids.push(...await storeStatement(tx, shop.id, statement, fileName, now, inRequest ? "matching" : "pending"));
    return ids;
  }, { maxWait: 30_000, timeout: 300_000 });
  const counts = inRequest ? await matchBankEntries(db, shop, newIds, now, canWriteBack) : { matched: 0, review: 0, unmatched: 0, debits: 0 };
  return { statements: statements.length, entries: total, alreadyImported: total - newIds.length, pending: inRequest ? 0 : newIds.length, ...counts };
}

/** "pending": the worker's to match (a large statement); "matching": the import's own request is matching it. */
type EntryIntake = "pending" | "matching";

/** An import that died while matching its entries left them here this long ago: the worker takes them over. */
const ABANDONED_MS = 10 * 60_000;

/** The worker's share: entries of large statements (and of imports that died), oldest first, a batch per pass. */
export function waitingForWorker(now: Date) {
  return { OR: [{ status: "pending" }, { status: "matching", importedAt: { lt: new Date(now.getTime() - ABANDONED_MS) } }] };
}

export async function matchPendingEntries(db: Db, shop: ShopRef, now: Date, canWriteBack: boolean, batch = 2_000): Promise<MatchCounts & { left: number }> {
  const waiting = { shopId: shop.id, ...waitingForWorker(now) };
  const ids = (await db.bankEntry.findMany({ where: waiting, orderBy: [{ bookedOn: "asc" }, { id: "asc" }], take: batch, select: { id: true } })).map((e) => e.id);
  const counts = await matchBankEntries(db, shop, ids, now, canWriteBack);
  return { ...counts, left: await db.bankEntry.count({ where: waiting }) };
}
