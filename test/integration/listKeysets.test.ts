/**
 * The customers and messages lists page by keyset: every row once, forwards and back, while rows
 * are added and removed between pages; customers in the order of the name the list shows (company,
 * else person, else email; accents folded), those without one last; a tampered cursor is a clear
 * 400 over HTTP.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { listCustomers } from "../../app/services/customers/customerProfiles";
import { listMessages } from "../../app/services/followUp/messages";
import { decodeKeyset, type Cursor } from "../../app/domain/keyset";
import { adminPage } from "../support/adminRequest";
import { installShop } from "../support/testShop";
import { upsertCustomer } from "../../app/services/ledger/ledgerStore";
import type { CustomerRecord } from "../../app/adapters/shopify/payloads";

const baseUrl = inject("baseUrl");
const DOMAIN = "dunly-list-keysets.myshopify.com";
const now = new Date("2026-12-03T12:00:00Z");
let db: Db;
let shopId: string;

beforeAll(async () => {
  db = createDb(inject("databaseUrl"));
  ({ shop: { id: shopId } } = await installShop(db, DOMAIN));
  // 83 customers on 7 last names, every ninth a company instead, every eleventh known by nothing
  // but its Shopify id: many ties for the id to break
  for (let i = 0; i < 83; i++) {
    await upsertCustomer(db, shopId, person(`gid://shopify/Customer/${9000 + i}`, {
      email: i % 11 === 0 ? null : `k${i}@example.nl`, lastName: i % 9 === 0 || i % 11 === 0 ? null : ["Bakker", "de Vries", "Jansen", "Müller", "Peeters", "Smit", "Visser"][i % 7],
      company: i % 9 === 0 && i % 11 !== 0 ? `Firma ${i}` : null,
    }));
  }
  const receivable = await db.receivable.create({ data: {
    shopId, orderGid: "gid://shopify/Order/9000", orderName: "#K1", currency: "EUR", totalMinor: 5000n, outstandingMinor: 5000n, issuedAt: now, dueAt: now,
    status: "open", creditSale: true, financialStatus: "pending", snapshotUpdatedAt: now, snapshot: "{}",
  } });
  // 95 messages on 6 creation times
  await db.message.createMany({ data: Array.from({ length: 95 }, (_, i) => ({
    shopId, receivableId: receivable.id, stepKey: `s${i}`, channel: "email", purpose: "reminder", locale: "en", status: "outbox", idempotencyKey: `k-${i}`, createdAt: new Date(now.getTime() - (i % 6) * 3_600_000),
  })) });
}, 60_000);
afterAll(async () => {
  await db.$disconnect();
});

function person(gid: string, fields: Partial<CustomerRecord>): CustomerRecord {
  return {
    gid, email: null, firstName: null, lastName: null, company: null, phone: null, locale: null, countryCode: null, address1: null, address2: null,
    zip: null, city: null, province: null, tags: "", updatedAt: now, ...fields,
  };
}

type Page = { rows: { id: string }[]; next: string | null; previous: string | null };

/** Walks forwards to the end (changing rows after each page), then back to the start; returns the pages of both walks. */
async function walk(read: (cursor: Cursor | null) => Promise<Page>, decode: (text: string) => Cursor | null, change: (seen: string[]) => Promise<void>) {
  const forwards: string[][] = [];
  let page = await read(null);
  expect(page.previous).toBeNull();
  for (;;) {
    forwards.push(page.rows.map((r) => r.id));
    if (!page.next) break;
    await change(forwards.flat());
    page = await read(decode(page.next));
  }
  const backwards: string[][] = [];
  while (page.previous) {
    page = await read(decode(page.previous));
    backwards.push(page.rows.map((r) => r.id));
  }
  return { forwards, backwards };
}

describe("lists by keyset", () => {
  it("customers: every one present from start to end seen once, in the order of their shown names with the nameless last, while customers come and go", async () => {
    const before = await db.customer.findMany({ where: { shopId }, select: { id: true } });
    const added: string[] = [];
    const removed: string[] = [];
    const { forwards, backwards } = await walk(
      async (cursor) => listCustomers(db, shopId, now, { cursor, pageSize: 20, search: "" }),
      (text) => decodeKeyset(text, "text", true),
      async (seenSoFar) => {
        // a new customer and a redacted one between pages: neither may make a row show twice or vanish
        const n = added.length;
        added.push(await upsertCustomer(db, shopId, person(`gid://shopify/Customer/99${n}`, { lastName: n % 2 ? "Aarts" : null })));
        const victim = await db.customer.findFirst({ where: { shopId, redactedAt: null, id: { notIn: [...added, ...seenSoFar] } }, orderBy: { id: "desc" } });
        if (victim) {
          await db.customer.update({ where: { id: victim.id }, data: { redactedAt: now } });
          removed.push(victim.id);
        }
      },
    );
    const seen = forwards.flat();
    expect(new Set(seen).size).toBe(seen.length);
    for (const { id } of before) if (!removed.includes(id)) expect(seen, id).toContain(id);
    const rows = new Map((await db.customer.findMany({ where: { id: { in: seen } } })).map((c) => [c.id, c]));
    const key = (id: string) => rows.get(id)!.sortName;
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [key(seen[i - 1]), key(seen[i])];
      if (a === null) expect(b, `${i}`).toBeNull();
      else if (b !== null) expect(a <= b, `${a} ${b}`).toBe(true);
      if (a === b) expect(seen[i - 1] < seen[i]).toBe(true);
    }
    // back to the start from the last page: every customer still there seen once, the ones added meanwhile too
    const back = [...backwards.flat(), ...forwards.at(-1)!];
    expect(new Set(back).size).toBe(back.length);
    expect(back.sort()).toEqual((await db.customer.findMany({ where: { shopId, redactedAt: null }, select: { id: true } })).map((c) => c.id).sort());
  });

  it("customers: companies and people in one alphabet, accents beside their letter; a search finds any case, with or without accents", async () => {
    const { shop } = await installShop(db, "dunly-list-names.myshopify.com");
    const names: Partial<CustomerRecord>[] = [
      { company: "Zwart Bouw B.V.", firstName: "Anna", lastName: "Zwart" }, { firstName: "Émile", lastName: "Dubois" }, { firstName: "Bram", lastName: "de Boer", email: "bram@deboer.example" },
      { company: "Ateliers Øresund" }, { email: "eva@example.nl" }, { firstName: "Cas", lastName: null }, {},
    ];
    for (const [i, fields] of names.entries()) await upsertCustomer(db, shop.id, person(`gid://shopify/Customer/7${i}`, fields));
    const list = await listCustomers(db, shop.id, now, { cursor: null, pageSize: 20, search: "" });
    expect(list.rows.map((r) => r.name)).toEqual([
      "Ateliers Øresund", "Bram de Boer", "Cas", "Émile Dubois", "eva@example.nl", "Zwart Bouw B.V.", "gid://shopify/Customer/76",
    ]);
    for (const [search, found] of [["emile", ["Émile Dubois"]], ["ÉMILE", ["Émile Dubois"]], ["oresund", ["Ateliers Øresund"]], ["de boer", ["Bram de Boer"]], ["Zwart", ["Zwart Bouw B.V."]], ["Bram@DeBoer", ["Bram de Boer"]]] as const) {
      expect((await listCustomers(db, shop.id, now, { cursor: null, pageSize: 20, search })).rows.map((r) => r.name), search).toEqual(found);
    }
  });

  it("messages: newest first, every one once forwards and back", async () => {
    const all = (await db.message.findMany({ where: { shopId }, select: { id: true } })).map((m) => m.id);
    const { forwards, backwards } = await walk(
      (cursor) => listMessages(db, shopId, { cursor, pageSize: 20, openId: null }),
      (text) => decodeKeyset(text, "date"),
      async () => {},
    );
    expect(forwards.flat().sort()).toEqual([...all].sort());
    expect(backwards).toEqual(forwards.slice(0, -1).reverse());
    const times = new Map((await db.message.findMany({ where: { shopId } })).map((m) => [m.id, m.createdAt.getTime()]));
    const seen = forwards.flat();
    for (let i = 1; i < seen.length; i++) expect(times.get(seen[i - 1])! >= times.get(seen[i])!).toBe(true);
  });

  it("over HTTP: the next page by its cursor; a cursor the list did not write is a clear 400", async () => {
    const first = await listCustomers(db, shopId, now, { cursor: null, pageSize: 50, search: "" });
    const second = await listCustomers(db, shopId, now, { cursor: decodeKeyset(first.next!, "text", true), pageSize: 50, search: "" });
    const html = await (await adminPage(baseUrl, DOMAIN, `/app/customers?cursor=${encodeURIComponent(first.next!)}`)).text();
    expect(html).toContain(`/app/customers/${second.rows[0].id}`);
    expect(html).not.toContain(`/app/customers/${first.rows[0].id}"`);
    for (const path of ["/app/customers?cursor=a.~%27%3B.x", "/app/messages?cursor=a.yesterday.x"]) {
      const response = await adminPage(baseUrl, DOMAIN, path);
      expect(response.status, path).toBe(400);
      expect(await response.text()).toContain("Invalid page cursor");
    }
  });
});
