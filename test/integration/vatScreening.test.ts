/**
 * Screening a business customer's VAT number in VIES, over HTTP against a local server that
 * speaks VIES's REST format: valid (with the registered name compared), withheld name, invalid,
 * and every way VIES fails, which is "unknown", never "invalid".
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { screenCustomer, ScreeningError } from "../../app/services/customers/screening";
import { checkVies } from "../../app/adapters/screening/vies";
import { freshDatabaseUrl } from "../support/appServer";
import { startFakeVies } from "../support/fakeVies";

const now = new Date("2026-11-23T10:00:00Z");
let db: Db;
let vies: Awaited<ReturnType<typeof startFakeVies>>;
let shopId: string;
const shop = () => ({ id: shopId, screeningScoreDrop: 10 });
const viesAt = (timeoutMs?: number) => ({ vies: (vat: Parameters<typeof checkVies>[0]) => checkVies(vat, { baseUrl: vies.url, timeoutMs }), bureau: null });
let customerId: string;

beforeAll(async () => {
  db = createDb(freshDatabaseUrl("vies", inject("databaseKind")));
  vies = await startFakeVies({
    NL810462215B01: { kind: "valid", name: "FIETSENHUIS DE VRIES B.V.", address: "HOOFDSTRAAT 00001\n1011AA AMSTERDAM" },
    DE811907980: { kind: "withheld" },
    BE0123456749: { kind: "ms_unavailable" },
    FR40303265045: { kind: "http", status: 429 },
    IT00743110157: { kind: "slow" },
    ES89306286: { kind: "malformed" },
  });
  const shop = await db.shop.create({ data: { domain: "dunly-vies.myshopify.com", name: "VIES", currency: "EUR", installedAt: now } });
  shopId = shop.id;
  customerId = (await db.customer.create({ data: { shopId, gid: "gid://shopify/Customer/1", company: "Fietsenhuis de Vries", email: "ap@fietsenhuis.example" } })).id;
});
afterAll(async () => {
  await vies.close();
  await db.$disconnect();
});

const check = (text: string) => screenCustomer(db, shop(), customerId, viesAt(), now, text);

describe("VAT screening in VIES", () => {
  it("a registered number: valid, with the registered name and address kept and compared with the customer's name", async () => {
    const result = await check("nl 8104.62.215 B01");
    expect(result).toMatchObject({ vies: { status: "valid", name: "FIETSENHUIS DE VRIES B.V.", address: "HOOFDSTRAAT 00001, 1011AA AMSTERDAM" }, nameAgrees: true, bureau: null, changes: [] });
    expect(result.state.vatNumber).toBe("NL810462215B01");
    expect(vies.requests.at(-1)).toBe("/ms/NL/vat/810462215B01");
    expect(await db.customer.findUniqueOrThrow({ where: { id: customerId } })).toMatchObject({
      vatNumber: "NL810462215B01", vatStatus: "valid", vatCheckedAt: now, vatRegisteredName: "FIETSENHUIS DE VRIES B.V.",
    });
  });

  it("a member state that withholds the name: valid, nothing to compare", async () => {
    expect(await check("DE811907980")).toMatchObject({ vies: { status: "valid", name: null, address: null }, nameAgrees: null });
  });

  it("a number VIES does not know: invalid, and the registered name of an earlier check is gone", async () => {
    const invalid = await check("NL999999999B01");
    expect(invalid.vies).toEqual({ status: "invalid" });
    expect(invalid.changes).toEqual([{ kind: "vat_invalid", vatNumber: "NL999999999B01", wasValid: false }]);
    expect(await db.customer.findUniqueOrThrow({ where: { id: customerId } })).toMatchObject({ vatStatus: "invalid", vatRegisteredName: null });
  });

  it("VIES down, busy, slow or garbled: unknown with the reason, never invalid", async () => {
    expect((await check("BE0123456749")).vies).toEqual({ status: "unknown", reason: "VIES: MS_UNAVAILABLE" });
    expect((await check("FR40303265045")).vies).toEqual({ status: "unknown", reason: "VIES answered HTTP 429" });
    const slow = await screenCustomer(db, shop(), customerId, viesAt(300), now, "IT00743110157");
    expect(slow.vies).toEqual({ status: "unknown", reason: "VIES did not answer in time" });
    expect((await check("ES89306286")).vies).toEqual({ status: "unknown", reason: "VIES answered something that is not JSON" });
    expect((await db.customer.findUniqueOrThrow({ where: { id: customerId } })).vatStatus).toBe("unknown");
  });

  it("nonsense is refused before VIES is asked; another shop's customer is not found", async () => {
    const asked = vies.requests.length;
    await expect(check("US123456789")).rejects.toThrow(/EU country code/);
    await expect(check("NL 12")).rejects.toThrow(ScreeningError);
    await expect(check("NL<script>")).rejects.toThrow(/not a VAT number/);
    await expect(screenCustomer(db, { id: "another-shop", screeningScoreDrop: 10 }, customerId, viesAt(), now, "NL810462215B01")).rejects.toThrow(/no such customer/);
    expect(vies.requests.length).toBe(asked);
  });
});
