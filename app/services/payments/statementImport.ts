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
}

const CHUNK = 500;

async function existingKeys(db: Db, shopId: string, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await db.bankEntry.findMany({ where: { shopId, entryKey: { in: keys.slice(i, i + CHUNK) } }, select: { entryKey: true } });
    for (const row of rows) found.add(row.entryKey);
  }
  return found;
}

async function storeStatement(db: Db, shopId: string, statement: ParsedStatement, fileName: string | null, now: Date): Promise<string[]> {
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
    status: "unmatched", importedAt: now,
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
  // all statements of the file or none: a failure halfway leaves nothing half-imported
  const newIds = await inTransaction(db, async (tx) => {
    const ids: string[] = [];
    for (const statement of statements) ids.push(...await storeStatement(tx, shop.id, statement, fileName, now));
    return ids;
  }, { maxWait: 30_000, timeout: 300_000 });
  const counts = await matchBankEntries(db, shop, newIds, now, canWriteBack);
  return { statements: statements.length, entries: total, alreadyImported: total - newIds.length, ...counts };
}
