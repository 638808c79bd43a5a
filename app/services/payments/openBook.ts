/** The shop's open orders and learned IBANs, loaded once for a matching run (a few queries, not one per entry). */
import type { Db } from "../../db/client";
import { indexOpenBook, type OpenBook, type OpenReceivable } from "../../domain/bank/matching";

export interface LoadedBook {
  book: OpenBook;
  byId: Map<string, OpenReceivable>;
}

const PAGE = 5_000;

export async function loadOpenBook(db: Db, shopId: string): Promise<LoadedBook> {
  const receivables: OpenReceivable[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await db.receivable.findMany({
      where: { shopId, status: "open", outstandingMinor: { gt: 0 }, ...(after ? { id: { gt: after } } : {}) },
      select: {
        id: true, orderName: true, currency: true, outstandingMinor: true, customerId: true, issuedAt: true,
        customer: { select: { firstName: true, lastName: true, company: true } },
      },
      orderBy: { id: "asc" }, take: PAGE,
    });
    for (const r of page) {
      const name = r.customer ? [r.customer.firstName, r.customer.lastName].filter(Boolean).join(" ") || r.customer.company : null;
      receivables.push({
        id: r.id, orderName: r.orderName, currency: r.currency, outstandingMinor: Number(r.outstandingMinor),
        customerId: r.customerId, customerName: name ?? null, issuedAt: r.issuedAt,
      });
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1].id;
  }
  const accounts = await db.customerBankAccount.findMany({ where: { shopId }, select: { iban: true, customerId: true } });
  const book = indexOpenBook(receivables, new Map(accounts.map((a) => [a.iban, a.customerId])));
  return { book, byId: new Map(receivables.map((r) => [r.id, r])) };
}
