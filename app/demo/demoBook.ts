/**
 * A realistic, deterministic book for a Dutch webshop selling to NL, BE and DE: consumers paying
 * by invoice / bank transfer, B2B customers on net terms. Produced as Shopify-shaped webhook
 * payloads so the demo and the tests go through the same mappers as live webhooks.
 */
import { DAY_MS } from "../domain/time";
import { seededRandom } from "../domain/seededRandom";

export interface DemoBookOptions {
  now: Date;
  customers?: number;
  orders?: number;
  seed?: number;
}

export interface DemoBook {
  customers: Record<string, unknown>[];
  orders: Record<string, unknown>[];
  transactions: Record<string, unknown>[];
}

const FIRST = ["Anna", "Bram", "Chloé", "Daan", "Emma", "Finn", "Greta", "Hugo", "Iris", "Jonas", "Lotte", "Lukas", "Marie", "Noah", "Sanne", "Thomas", "Julie", "Lea", "Milan", "Sophie"];
const LAST = ["de Vries", "Jansen", "Peeters", "Müller", "Bakker", "Janssens", "Schmidt", "Visser", "Maes", "Fischer", "Smit", "Wouters", "Weber", "Mulder", "Claes", "Becker"];
const COMPANY = ["Bloem & Co", "Fietsenhuis", "Atelier Noord", "Kaffeerösterei Süd", "Brasserie Lion", "Tuincentrum Groen", "Buchhandlung Blau", "Studio Kade", "Boulangerie Sucre", "Werkplaats 12"];
const COUNTRIES = [
  { code: "NL", name: "Netherlands", city: "Utrecht", zip: "3511 AB", locales: ["nl"], share: 0.5 },
  { code: "BE", name: "Belgium", city: "Gent", zip: "9000", locales: ["nl", "fr"], share: 0.25 },
  { code: "DE", name: "Germany", city: "Köln", zip: "50667", locales: ["de"], share: 0.25 },
];

const ORDER_ID_BASE = 6_100_000_000_000n;
const CUSTOMER_ID_BASE = 7_200_000_000_000n;
const TX_ID_BASE = 8_300_000_000_000n;

const iso = (time: number) => new Date(time).toISOString().replace(".000Z", "Z");
const cents = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;

export function demoBook(options: DemoBookOptions): DemoBook {
  const rand = seededRandom(options.seed ?? 20261123);
  const pick = <T,>(items: readonly T[]) => items[Math.floor(rand() * items.length)];
  const now = options.now.getTime();

  const customers = Array.from({ length: options.customers ?? 300 }, (_, i) => {
    const roll = rand();
    const country = roll < 0.5 ? COUNTRIES[0] : roll < 0.75 ? COUNTRIES[1] : COUNTRIES[2];
    const b2b = rand() < 0.2;
    const first = pick(FIRST);
    const last = pick(LAST);
    const id = (CUSTOMER_ID_BASE + BigInt(i)).toString();
    const company = b2b ? `${pick(COMPANY)} ${country.code}-${i}` : null;
    return {
      id: Number(id), admin_graphql_api_id: `gid://shopify/Customer/${id}`,
      email: `${first}.${last}.${i}@example.${country.code.toLowerCase()}`.toLowerCase().replace(/[^a-z0-9.@]/g, ""),
      first_name: first, last_name: last, phone: null, state: "enabled", currency: "EUR",
      tags: b2b ? "b2b, net-terms" : "", verified_email: true, tax_exempt: b2b,
      created_at: iso(now - 400 * DAY_MS), updated_at: iso(now - 200 * DAY_MS),
      default_address: {
        first_name: first, last_name: last, company, address1: `Hoofdstraat ${1 + (i % 120)}`, city: country.city,
        country: country.name, country_code: country.code, country_name: country.name, zip: country.zip, default: true,
      },
      locale: pick(country.locales),
    };
  });

  const orders: Record<string, unknown>[] = [];
  const transactions: Record<string, unknown>[] = [];
  for (let i = 0; i < (options.orders ?? 3000); i++) {
    const customer = pick(customers);
    const b2b = Boolean((customer.default_address as { company: string | null }).company);
    const issued = now - Math.floor(rand() * 200 * DAY_MS);
    const termDays = b2b ? 30 : 14;
    const due = issued + termDays * DAY_MS;
    const total = b2b ? 20_000 + Math.floor(rand() * 480_000) : 1_995 + Math.floor(rand() * 38_000);
    const roll = rand();
    const elapsed = now - issued;
    // Older orders are mostly settled; recent ones are mostly still open.
    const paid = roll < 0.9 * Math.min(1, elapsed / (termDays * 2 * DAY_MS));
    const cancelled = !paid && roll > 0.97;
    const partial = !paid && !cancelled && roll > 0.9;
    const paidAt = paid ? Math.min(now - DAY_MS, issued + Math.floor(rand() * (termDays + 25)) * DAY_MS) : null;
    const paidMinor = paid ? total : partial ? Math.floor(total * (0.3 + rand() * 0.4)) : 0;
    const partialAt = partial ? Math.min(now - DAY_MS, issued + Math.floor(rand() * termDays) * DAY_MS) : null;
    const updated = Math.max(issued, paidAt ?? 0, partialAt ?? 0, cancelled ? issued + DAY_MS : 0);
    const id = (ORDER_ID_BASE + BigInt(i)).toString();
    const orderGid = `gid://shopify/Order/${id}`;
    orders.push({
      id: Number(id), admin_graphql_api_id: orderGid, name: `#${1001 + i}`, email: customer.email,
      created_at: iso(issued), processed_at: iso(issued), updated_at: iso(updated),
      cancelled_at: cancelled ? iso(issued + DAY_MS) : null, cancel_reason: cancelled ? "customer" : null,
      currency: "EUR", presentment_currency: "EUR",
      current_total_price: cents(total), total_price: cents(total), subtotal_price: cents(Math.round(total / 1.21)),
      total_tax: cents(total - Math.round(total / 1.21)), total_outstanding: cents(cancelled ? 0 : total - paidMinor),
      financial_status: paid ? "paid" : cancelled ? "voided" : partial ? "partially_paid" : "pending",
      customer_locale: customer.locale, payment_gateway_names: [b2b ? "Net terms" : "Bank Deposit"],
      payment_terms: b2b ? {
        payment_terms_name: "Net 30", payment_terms_type: "net", due_in_days: 30, amount: cents(total), currency: "EUR",
        payment_schedules: [{ amount: cents(total), currency: "EUR", issued_at: iso(issued), due_at: iso(due),
          completed_at: paid ? iso(paidAt!) : null }],
      } : null,
      order_status_url: `https://fietsen-en-zo.example/orders/${id}/status`,
      customer, test: false, source_name: "web", tags: b2b ? "b2b" : "",
    });
    const paidWhen = paidAt ?? partialAt;
    if (paidMinor > 0 && paidWhen) {
      const txId = (TX_ID_BASE + BigInt(i)).toString();
      transactions.push({
        id: Number(txId), admin_graphql_api_id: `gid://shopify/OrderTransaction/${txId}`, order_id: Number(id),
        kind: "sale", status: "success", gateway: "manual", amount: cents(paidMinor), currency: "EUR",
        created_at: iso(paidWhen), processed_at: iso(paidWhen), manual_payment_gateway: true, test: false,
      });
    }
  }
  return { customers, orders, transactions };
}
