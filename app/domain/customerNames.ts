/** How staff know a customer, and the order the customers list shows them in. */

export interface NamedCustomer {
  company: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
}

/** The company, else the person, else the address (else `otherwise`: the customer's Shopify id where nothing else is known). */
export function customerName(c: NamedCustomer & { gid: string }, otherwise = c.gid): string {
  return shownName(c) || otherwise;
}

/**
 * The shown name as the list sorts it: lower case, accents folded ("Émile" beside "Emma", not
 * after "Zwart"), null for a customer without one (listed last). Stored with the customer, so
 * both databases page the list in one index's order.
 */
export function customerSortName(c: NamedCustomer): string | null {
  return foldName(shownName(c)) || null;
}

/** Lower case, accents folded: how names are sorted and searched. */
export function foldName(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[øæœßłđþ]/g, (letter) => OWN_LETTERS[letter]).trim();
}

/** Letters that are no accented form of another (Unicode does not decompose them), as they are alphabetised. */
const OWN_LETTERS: Record<string, string> = { ø: "o", æ: "ae", œ: "oe", ß: "ss", ł: "l", đ: "d", þ: "th" };

/** The customer's own name, as an email, a letter or a text greets them (a company's name is not a greeting). */
export function personName(customer: Pick<NamedCustomer, "firstName" | "lastName"> | null): string | null {
  if (!customer) return null;
  return [customer.firstName, customer.lastName].filter(Boolean).join(" ") || null;
}

function shownName(c: NamedCustomer): string {
  return c.company || personName(c) || c.email || "";
}
