/**
 * Which open orders a bank credit pays, how sure we are, and why. Pure: the caller loads the open
 * book once (indexed by `indexOpenBook`) and matches thousands of entries against it.
 *
 * Evidence, strongest first: our structured reference (RF / Belgian OGM, check digits valid) or the
 * order number in the text; the exact amount of one or several open orders of one customer; an IBAN
 * learned from earlier matches; the payer's name. At AUTO_MATCH_CONFIDENCE or above a match is
 * applied without a person; below it waits in the review queue.
 */
import { isBelgianStructuredReference, isCreditorReference } from "../paymentReference";

export const AUTO_MATCH_CONFIDENCE = 80;
/** a customer's open orders tried in amount combinations: 2^12 subsets at most */
const MAX_COMBINATION_ORDERS = 12;

export interface OpenReceivable {
  id: string;
  orderName: string;
  currency: string;
  outstandingMinor: number;
  customerId: string | null;
  customerName: string | null;
  issuedAt: Date;
}

export interface CreditToMatch {
  amountMinor: number;
  currency: string;
  remittance: string;
  structuredReference: string | null;
  counterpartyName: string | null;
  counterpartyIban: string | null;
}

export type MatchReason =
  | "reference" | "order_number" | "exact_amount" | "exact_amount_several" | "partial_payment" | "overpayment"
  | "known_iban" | "name" | "amount_only" | "several_candidates" | "no_candidate" | "other_currency" | "already_paid";

export interface Allocation {
  receivableId: string;
  amountMinor: number;
}

export interface MatchProposal {
  allocations: Allocation[];
  /** paid beyond what the matched orders owe: kept as credit on the customer */
  creditMinor: number;
  customerId: string | null;
  /** 0-100 */
  confidence: number;
  reasons: MatchReason[];
}

export interface OpenBook {
  byOrderKey: Map<string, OpenReceivable>;
  byCustomer: Map<string, OpenReceivable[]>;
  byAmount: Map<string, OpenReceivable[]>;
  /** normalised IBAN -> customer id, learned from earlier matches */
  customerByIban: Map<string, string>;
}

/** "#1001" -> "1001", "DEMO-1001" -> "DEMO1001": what a reference or a payer's text carries. */
export function orderKey(orderName: string): string {
  return orderName.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

const amountKey = (currency: string, amountMinor: number) => `${currency}:${amountMinor}`;

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexOpenBook(receivables: readonly OpenReceivable[], customerByIban: Map<string, string>): OpenBook {
  const book: OpenBook = { byOrderKey: new Map(), byCustomer: new Map(), byAmount: new Map(), customerByIban };
  const oldestFirst = [...receivables].sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime() || a.id.localeCompare(b.id));
  for (const r of oldestFirst) {
    book.byOrderKey.set(orderKey(r.orderName), r);
    // the digits alone too: a payer writes "1001" for "#1001" or "DEMO-1001"
    const digits = r.orderName.replace(/\D/g, "");
    if (digits && !book.byOrderKey.has(digits)) book.byOrderKey.set(digits, r);
    if (r.customerId) push(book.byCustomer, r.customerId, r);
    push(book.byAmount, amountKey(r.currency, r.outstandingMinor), r);
  }
  return book;
}

/** The orders a text names: by a valid RF or OGM reference, else by order number tokens. */
export function referencedOrders(book: OpenBook, credit: CreditToMatch): { orders: OpenReceivable[]; byReference: boolean } {
  const text = `${credit.structuredReference ?? ""} ${credit.remittance}`;
  const found = new Map<string, OpenReceivable>();
  for (const match of text.toUpperCase().matchAll(/RF\d{2}[A-Z0-9 ]{1,25}/g)) {
    const candidate = match[0].replace(/\s/g, "");
    for (let end = candidate.length; end >= 5; end--) {
      if (!isCreditorReference(candidate.slice(0, end))) continue;
      const base = candidate.slice(4, end);
      // an instalment's reference is the order's base + "I" + the instalment number
      const order = book.byOrderKey.get(base) ?? book.byOrderKey.get(base.replace(/I\d{1,2}$/, ""));
      if (order) found.set(order.id, order);
      break;
    }
  }
  for (const match of text.matchAll(/(?:\+\+\+|\*\*\*)?\s*(\d{3})\s*\/\s*(\d{4})\s*\/\s*(\d{5})\s*(?:\+\+\+|\*\*\*)?|\b(\d{12})\b/g)) {
    const digits = match[4] ?? `${match[1]}${match[2]}${match[3]}`;
    if (!isBelgianStructuredReference(digits)) continue;
    const number = Number(digits.slice(0, 10));
    // an instalment's reference is the order number times 100 plus the instalment number
    const order = book.byOrderKey.get(String(number)) ?? book.byOrderKey.get(String(Math.floor(number / 100)));
    if (order) found.set(order.id, order);
  }
  if (found.size) return { orders: [...found.values()], byReference: true };
  for (const token of text.toUpperCase().matchAll(/#?\b([A-Z]{0,6}-?\d{3,})\b/g)) {
    const order = book.byOrderKey.get(orderKey(token[1]));
    if (order) found.set(order.id, order);
  }
  return { orders: [...found.values()], byReference: false };
}

function normalisedWords(name: string): string[] {
  return name.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase().split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !["dhr", "mevr", "hr", "mw", "mr", "mrs", "ms", "bv", "nv", "vof", "en", "of", "de", "van", "der", "den"].includes(w));
}

/** The payer's name shares the customer's surname (and given name or initial when both are known). */
export function namesMatch(payer: string | null, customer: string | null): boolean {
  if (!payer || !customer) return false;
  const payerWords = new Set(normalisedWords(payer));
  const customerWords = normalisedWords(customer);
  if (!customerWords.length) return false;
  const surname = customerWords[customerWords.length - 1];
  return payerWords.has(surname);
}

/** Oldest first: each order takes what it still owes until the money runs out. */
function allocateOldestFirst(orders: readonly OpenReceivable[], amountMinor: number): { allocations: Allocation[]; creditMinor: number } {
  let left = amountMinor;
  const allocations: Allocation[] = [];
  for (const order of [...orders].sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime())) {
    if (left <= 0) break;
    const share = Math.min(left, order.outstandingMinor);
    if (share <= 0) continue;
    allocations.push({ receivableId: order.id, amountMinor: share });
    left -= share;
  }
  return { allocations, creditMinor: left };
}

/** The fewest, oldest orders whose outstanding adds up to exactly the amount, if any. */
export function exactCombination(orders: readonly OpenReceivable[], amountMinor: number): OpenReceivable[] | null {
  const pool = orders.slice(0, MAX_COMBINATION_ORDERS);
  let best: OpenReceivable[] | null = null;
  for (let mask = 1; mask < 1 << pool.length; mask++) {
    let sum = 0;
    const chosen: OpenReceivable[] = [];
    for (let i = 0; i < pool.length; i++) {
      if (mask & (1 << i)) {
        sum += pool[i].outstandingMinor;
        chosen.push(pool[i]);
      }
    }
    if (sum === amountMinor && (!best || chosen.length < best.length)) best = chosen;
  }
  return best;
}

const sumOutstanding = (orders: readonly OpenReceivable[]) => orders.reduce((s, o) => s + o.outstandingMinor, 0);

function proposal(orders: readonly OpenReceivable[], credit: CreditToMatch, confidence: number, reasons: MatchReason[]): MatchProposal {
  const { allocations, creditMinor } = allocateOldestFirst(orders, credit.amountMinor);
  const customers = new Set(orders.map((o) => o.customerId));
  const customerId = customers.size === 1 ? [...customers][0] : null;
  const total = sumOutstanding(orders);
  const amountReasons: MatchReason[] = credit.amountMinor === total ? [] : credit.amountMinor < total ? ["partial_payment"] : ["overpayment"];
  // a surplus without one customer to keep it for cannot be settled by a machine
  const capped = creditMinor > 0 && !customerId ? Math.min(confidence, AUTO_MATCH_CONFIDENCE - 1) : confidence;
  return { allocations, creditMinor, customerId, confidence: Math.max(0, Math.min(100, capped)), reasons: [...reasons, ...amountReasons] };
}

/** The customer the money comes from, by an IBAN learned from earlier matches. */
function payingCustomer(book: OpenBook, credit: CreditToMatch): { customerId: string; by: "known_iban" } | null {
  const byIban = credit.counterpartyIban ? book.customerByIban.get(credit.counterpartyIban) : undefined;
  if (byIban && book.byCustomer.has(byIban)) return { customerId: byIban, by: "known_iban" };
  return null;
}

/** After money is applied the book owes less: later entries of the same run must see that. */
export function settleInBook(book: OpenBook, allocations: readonly Allocation[], byId: Map<string, OpenReceivable>): void {
  for (const allocation of allocations) {
    const receivable = byId.get(allocation.receivableId);
    if (!receivable) continue;
    const before = amountKey(receivable.currency, receivable.outstandingMinor);
    book.byAmount.set(before, (book.byAmount.get(before) ?? []).filter((r) => r.id !== receivable.id));
    receivable.outstandingMinor = Math.max(0, receivable.outstandingMinor - allocation.amountMinor);
    if (receivable.outstandingMinor > 0) {
      push(book.byAmount, amountKey(receivable.currency, receivable.outstandingMinor), receivable);
      continue;
    }
    // still found by its reference (a second transfer for it is a double payment), no longer by amount
    if (receivable.customerId) {
      book.byCustomer.set(receivable.customerId, (book.byCustomer.get(receivable.customerId) ?? []).filter((r) => r.id !== receivable.id));
    }
  }
}

export function matchCredit(book: OpenBook, credit: CreditToMatch): MatchProposal {
  const none: MatchProposal = { allocations: [], creditMinor: credit.amountMinor, customerId: null, confidence: 0, reasons: ["no_candidate"] };
  const referenced = referencedOrders(book, credit);
  const sameCurrency = referenced.orders.filter((o) => o.currency === credit.currency);
  if (referenced.orders.length && !sameCurrency.length) return { ...none, reasons: ["other_currency"] };
  const stillOpen = sameCurrency.filter((o) => o.outstandingMinor > 0);
  if (sameCurrency.length && !stillOpen.length) {
    const owners = new Set(sameCurrency.map((o) => o.customerId));
    return { allocations: [], creditMinor: credit.amountMinor, customerId: owners.size === 1 ? [...owners][0] : null, confidence: 60, reasons: [referenced.byReference ? "reference" : "order_number", "already_paid"] };
  }
  if (stillOpen.length) {
    const reasons: MatchReason[] = [referenced.byReference ? "reference" : "order_number"];
    let confidence = referenced.byReference ? 70 : 55;
    const total = sumOutstanding(stillOpen);
    confidence += credit.amountMinor === total ? 30 : credit.amountMinor < total ? 15 : 10;
    if (credit.amountMinor === total && stillOpen.length > 1) reasons.push("exact_amount_several");
    else if (credit.amountMinor === total) reasons.push("exact_amount");
    const owner = stillOpen[0].customerId;
    if (owner && credit.counterpartyIban && book.customerByIban.get(credit.counterpartyIban) === owner) {
      confidence += 10;
      reasons.push("known_iban");
    } else if (namesMatch(credit.counterpartyName, stillOpen[0].customerName)) {
      confidence += 5;
      reasons.push("name");
    }
    return proposal(stillOpen, credit, confidence, reasons);
  }

  const payer = payingCustomer(book, credit);
  if (payer) {
    const open = (book.byCustomer.get(payer.customerId) ?? []).filter((o) => o.currency === credit.currency);
    const single = open.find((o) => o.outstandingMinor === credit.amountMinor);
    if (single) return proposal([single], credit, 85, [payer.by, "exact_amount"]);
    const several = exactCombination(open, credit.amountMinor);
    if (several) return proposal(several, credit, 80, [payer.by, "exact_amount_several"]);
    if (open.length) return proposal(open, credit, 45, [payer.by]);
  }

  const sameAmount = book.byAmount.get(amountKey(credit.currency, credit.amountMinor)) ?? [];
  const named = sameAmount.filter((o) => namesMatch(credit.counterpartyName, o.customerName));
  if (named.length === 1) return proposal(named, credit, 75, ["exact_amount", "name"]);
  if (sameAmount.length === 1) return proposal(sameAmount, credit, 50, ["amount_only"]);
  if (sameAmount.length > 1) return proposal([named[0] ?? sameAmount[0]], credit, 30, ["amount_only", "several_candidates"]);
  return none;
}
