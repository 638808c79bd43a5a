import type { OrderSnapshot } from "../../domain/ledger";
import type { CurrencyCode } from "../../domain/money";

export function encodeSnapshot(snapshot: OrderSnapshot): string {
  return JSON.stringify(snapshot);
}

export function decodeSnapshot(text: string): OrderSnapshot {
  const raw = JSON.parse(text);
  const at = (value: string | null) => (value ? new Date(value) : null);
  return {
    ...raw,
    currency: raw.currency as CurrencyCode,
    issuedAt: new Date(raw.issuedAt),
    updatedAt: new Date(raw.updatedAt),
    cancelledAt: at(raw.cancelledAt),
    paymentTerms: raw.paymentTerms ? { ...raw.paymentTerms, nextDueAt: at(raw.paymentTerms.nextDueAt) } : null,
  };
}
