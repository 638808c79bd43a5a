/**
 * Writes a CAMT.053.001.02 statement, the layout Dutch and Belgian banks export: for the demo's
 * statement (built from its own book), and for tests and the bench. Escaped with fast-xml-parser's
 * builder, so a name such as "Bloem & Co" stays valid XML.
 */
import { XMLBuilder } from "fast-xml-parser";
import { toDecimalString, type CurrencyCode } from "../../domain/money";

export interface CamtTransaction {
  amountMinor: number;
  endToEndId?: string;
  counterpartyName: string | null;
  counterpartyIban: string | null;
  remittance?: string;
  structuredReference?: string;
}

export interface CamtEntry extends CamtTransaction {
  ref: string;
  currency: string;
  direction: "credit" | "debit";
  bookedOn: Date;
  reversal?: boolean;
  /** a batch booking: the entry's amount is their sum */
  batch?: CamtTransaction[];
}

export interface CamtStatement {
  statementId: string;
  accountIban: string;
  currency: string;
  createdAt: Date;
  entries: CamtEntry[];
}

const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });

const day = (date: Date) => date.toISOString().slice(0, 10);
const amount = (minor: number, currency: string) => ({ "#text": toDecimalString(minor, currency as CurrencyCode), "@_Ccy": currency });

function transaction(tx: CamtTransaction, currency: string, direction: "credit" | "debit", withAmount: boolean) {
  const [party, account] = direction === "credit" ? ["Dbtr", "DbtrAcct"] : ["Cdtr", "CdtrAcct"];
  return {
    Refs: { EndToEndId: tx.endToEndId ?? "NOTPROVIDED" },
    ...(withAmount ? { AmtDtls: { TxAmt: { Amt: amount(tx.amountMinor, currency) } } } : {}),
    RltdPties: {
      ...(tx.counterpartyName ? { [party]: { Nm: tx.counterpartyName } } : {}),
      ...(tx.counterpartyIban ? { [account]: { Id: { IBAN: tx.counterpartyIban.replace(/\s/g, "") } } } : {}),
    },
    RmtInf: tx.structuredReference
      ? { Strd: { CdtrRefInf: { Tp: { CdOrPrtry: { Cd: "SCOR" }, Issr: "ISO" }, Ref: tx.structuredReference } } }
      : { Ustrd: tx.remittance ?? "" },
  };
}

export function writeCamt053(statement: CamtStatement): string {
  const entries = statement.entries.map((entry) => {
    const total = entry.batch ? entry.batch.reduce((s, t) => s + t.amountMinor, 0) : entry.amountMinor;
    return {
      NtryRef: entry.ref,
      Amt: amount(total, entry.currency),
      CdtDbtInd: entry.direction === "credit" ? "CRDT" : "DBIT",
      ...(entry.reversal ? { RvslInd: "true" } : {}),
      Sts: "BOOK",
      BookgDt: { Dt: day(entry.bookedOn) },
      ValDt: { Dt: day(entry.bookedOn) },
      AcctSvcrRef: entry.ref,
      BkTxCd: { Domn: { Cd: "PMNT", Fmly: { Cd: entry.direction === "credit" ? "RCDT" : "ICDT", SubFmlyCd: "ESCT" } } },
      NtryDtls: entry.batch
        ? { Btch: { NbOfTxs: entry.batch.length }, TxDtls: entry.batch.map((tx) => transaction(tx, entry.currency, entry.direction, true)) }
        : { TxDtls: transaction(entry, entry.currency, entry.direction, false) },
    };
  });
  const document = {
    "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
    Document: {
      "@_xmlns": "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02",
      BkToCstmrStmt: {
        GrpHdr: { MsgId: `MSG-${statement.statementId}`, CreDtTm: statement.createdAt.toISOString() },
        Stmt: {
          Id: statement.statementId,
          ElctrncSeqNb: 1,
          CreDtTm: statement.createdAt.toISOString(),
          Acct: { Id: { IBAN: statement.accountIban.replace(/\s/g, "") }, Ccy: statement.currency },
          Ntry: entries,
        },
      },
    },
  };
  return builder.build(document);
}
