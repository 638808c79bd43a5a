/**
 * What staff type to put a transfer on orders by hand: "#1001", "#1001 = 25.00, #1002", one per
 * line or comma separated. An order without an amount takes what it still owes (as far as the
 * money goes).
 */
export interface TypedAllocation {
  orderName: string;
  /** decimal text as typed ("25,00" or "25.00"); null: what the order still owes */
  amount: string | null;
}

export class AllocationInputError extends Error {
  override name = "AllocationInputError";
}

export function parseAllocationInput(text: string): TypedAllocation[] {
  // a comma before a digit is a decimal comma ("25,00"); any other comma separates orders
  const parts = text.split(/[\n;]+|,(?!\d)/).map((p) => p.trim()).filter(Boolean);
  if (!parts.length) throw new AllocationInputError("name at least one order, e.g. #1001 or #1001 = 25.00");
  if (parts.length > 50) throw new AllocationInputError("at most 50 orders per transfer");
  const seen = new Set<string>();
  return parts.map((part) => {
    const match = /^#?\s*([A-Za-z0-9-]{1,30})\s*(?:[=:]\s*(\d{1,12}(?:[.,]\d{1,3})?))?$/.exec(part);
    if (!match) throw new AllocationInputError(`"${part}" is not an order (#1001) with an optional amount (= 25.00)`);
    const orderName = match[1].toUpperCase();
    if (seen.has(orderName)) throw new AllocationInputError(`order ${orderName} is named twice`);
    seen.add(orderName);
    return { orderName, amount: match[2] ? match[2].replace(",", ".") : null };
  });
}
