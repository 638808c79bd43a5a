import { describe, expect, it } from "vitest";
import { renderGroupedReminder, renderReminder, type GroupedReminderContent, type ReminderContent } from "../../app/adapters/email/renderReminder";
import { asCurrency } from "../../app/domain/money";
import { checkFourteenDayNotice, fourteenDayDeadline } from "../../app/domain/fees/fourteenDayLetter";
import { bikCollectionCosts } from "../../app/domain/fees/nlBik";
import { formatMoney } from "../../app/domain/money";

const base: Omit<ReminderContent, "locale"> = {
  step: { purpose: "reminder", tone: "friendly" },
  shop: { name: "Fietsen & Zo", logoUrl: null, brandColor: "#1f6f50", timeZone: "Europe/Amsterdam" },
  customerName: "Anna de Vries", orderName: "#1042", currency: asCurrency("EUR"), outstandingMinor: 12_345,
  dueAt: new Date("2026-11-10T11:00:00Z"), fee: null,
  payUrl: "https://fietsen-en-zo.example/orders/abc/pay", customerPageUrl: "https://dunly.example/c/token",
};

describe("reminder emails", () => {
  it.each(["en", "nl", "de", "fr"] as const)("renders a branded reminder in %s (HTML and text)", async (locale) => {
    const email = await renderReminder({ ...base, locale });
    expect(email.html).toContain('href="https://fietsen-en-zo.example/orders/abc/pay"');
    expect(email.html).toContain(`lang="${locale}"`);
    expect(email.html).toContain("#1f6f50");
    expect(email.text).toContain("https://dunly.example/c/token");
    expect(email.text).not.toContain("{");
    expect({ subject: email.subject, html: email.html, text: email.text }).toMatchSnapshot();
  });

  it("the Dutch final notice is a valid 14-dagenbrief: exact costs, a named last day, no 'na dagtekening'", async () => {
    const sentAt = new Date("2026-11-25T09:00:00Z");
    const fee = { amountMinor: bikCollectionCosts(12_345), deadline: fourteenDayDeadline(sentAt, "email", "Europe/Amsterdam") };
    const email = await renderReminder({ ...base, locale: "nl", step: { purpose: "final_notice", tone: "firm" }, fee });
    const costs = formatMoney(4_000, asCurrency("EUR"), "nl");
    expect(checkFourteenDayNotice(email.text, costs, "9 december 2026")).toEqual({ valid: true, problems: [] });
  });
});

describe("customers who paid in their own currency", () => {
  const usd = asCurrency("USD");
  it("read what they owe in it first, the shop's amount beside it", async () => {
    const email = await renderReminder({ ...base, locale: "en", presented: { currency: usd, amountMinor: 13_580 } });
    expect(email.text).toContain(`${formatMoney(13_580, usd, "en")} (${formatMoney(12_345, asCurrency("EUR"), "en")})`);
  });
  it("in a grouped reminder per order, and the total in theirs when every order is in it", async () => {
    const line = (name: string, minor: number, presented: number | null) => ({
      orderName: name, issuedAt: new Date("2026-10-01T10:00:00Z"), dueAt: new Date("2026-10-15T10:00:00Z"), outstandingMinor: minor,
      presented: presented === null ? null : { currency: usd, amountMinor: presented }, payUrl: null, stepPurpose: "reminder" as const,
    });
    const content = (orders: ReturnType<typeof line>[]): GroupedReminderContent => ({
      locale: "en", step: { purpose: "reminder", tone: "neutral" }, shop: base.shop, customerName: null, currency: asCurrency("EUR"),
      orders, fee: null, customerPageUrl: null, now: new Date("2026-11-27T09:00:00Z"),
    });
    const eur = (minor: number) => formatMoney(minor, asCurrency("EUR"), "en");
    const both = await renderGroupedReminder(content([line("#1", 10_000, 11_000), line("#2", 5_000, 5_500)]));
    expect(both.text).toContain(`${formatMoney(11_000, usd, "en")} (${eur(10_000)})`);
    expect(both.text).toContain(`${formatMoney(16_500, usd, "en")} (${eur(15_000)})`);
    const mixed = await renderGroupedReminder(content([line("#1", 10_000, 11_000), line("#2", 5_000, null)]));
    expect(mixed.text).not.toContain(formatMoney(16_500, usd, "en"));
    expect(mixed.text).toContain(eur(15_000));
  });
});

describe("grouped reminders: one message about every open order of a customer", () => {
  const now = new Date("2026-11-27T09:00:00Z");
  const at = (iso: string) => new Date(iso);
  const grouped = (locale: "en" | "nl" | "de" | "fr", over: Partial<GroupedReminderContent> = {}): GroupedReminderContent => ({
    locale, step: { purpose: "reminder", tone: "neutral" }, shop: base.shop, customerName: "Anna de Vries", currency: asCurrency("EUR"),
    orders: [
      { orderName: "#1042", issuedAt: at("2026-10-01T10:00:00Z"), dueAt: at("2026-10-15T10:00:00Z"), outstandingMinor: 10_000, payUrl: "https://shop.example/pay/1042", stepPurpose: "reminder" },
      { orderName: "#1050", issuedAt: at("2026-10-20T10:00:00Z"), dueAt: at("2026-11-20T10:00:00Z"), outstandingMinor: 5_050, payUrl: "https://shop.example/pay/1050", stepPurpose: "reminder" },
      { orderName: "#1061", issuedAt: at("2026-11-15T10:00:00Z"), dueAt: at("2026-11-30T10:00:00Z"), outstandingMinor: 2_500, payUrl: "https://shop.example/pay/1061", stepPurpose: "pre_due" },
    ],
    fee: null, customerPageUrl: "https://dunly.example/c/token", now, ...over,
  });

  it.each(["en", "nl", "de", "fr"] as const)("lists each order with its own link and the total, in %s (HTML and text)", async (locale) => {
    const email = await renderGroupedReminder(grouped(locale));
    for (const order of ["1042", "1050", "1061"]) {
      expect(email.html).toContain(`href="https://shop.example/pay/${order}"`);
      expect(email.text).toContain(`#${order}`);
    }
    expect(email.text).toContain(formatMoney(17_550, asCurrency("EUR"), locale));
    expect(email.subject).toContain("3");
    expect(email.text).toContain("https://dunly.example/c/token");
    expect(email.text).not.toContain("{");
    expect({ subject: email.subject, html: email.html, text: email.text }).toMatchSnapshot();
  });

  it("a consolidated Dutch final notice names one exact amount over the summed principal and stays a valid 14-dagenbrief", async () => {
    const sentAt = new Date("2026-11-25T09:00:00Z");
    const fee = { amountMinor: 4_500, principalMinor: 30_000, perInvoiceMinor: null, deadline: fourteenDayDeadline(sentAt, "email", "Europe/Amsterdam") };
    const email = await renderGroupedReminder(grouped("nl", { step: { purpose: "final_notice", tone: "firm" }, fee }));
    const costs = formatMoney(4_500, asCurrency("EUR"), "nl");
    expect(checkFourteenDayNotice(email.text, costs, "9 december 2026")).toEqual({ valid: true, problems: [] });
    expect(email.text).toContain(formatMoney(30_000, asCurrency("EUR"), "nl"));
    expect(email.text).toContain("eenmaal");
  });

  it("between businesses the notice says the 40 EUR is owed per late invoice", async () => {
    const fee = { amountMinor: 12_000, principalMinor: 60_000, perInvoiceMinor: 4_000, deadline: "2026-12-09" as const };
    const email = await renderGroupedReminder(grouped("en", { step: { purpose: "final_notice", tone: "firm" }, fee }));
    expect(email.text).toContain("per late invoice");
    expect(email.text).toContain("2011/7/EU");
    expect(email.text).toContain("€120.00");
  });
});

describe("pay by bank transfer", () => {
  it("a reminder names the shop's IBAN and the order's structured reference when the shop takes transfers", async () => {
    const email = await renderReminder({ ...base, locale: "nl", transfer: { iban: "NL91 ABNA 0417 1643 00", holder: "Fietsen & Zo BV", reference: "RF971042" } });
    expect(email.text).toContain("NL91 ABNA 0417 1643 00");
    expect(email.text).toContain("RF971042");
    expect((await renderReminder({ ...base, locale: "nl" })).text).not.toContain("overmaken");
  });

  it("a grouped reminder gives each order's reference", async () => {
    const email = await renderGroupedReminder({
      locale: "fr", step: { purpose: "reminder", tone: "friendly" }, shop: base.shop, customerName: null, currency: asCurrency("EUR"), fee: null,
      customerPageUrl: null, now: new Date("2026-11-27T09:00:00Z"), transfer: { iban: "BE68 5390 0754 7034", holder: "Vélos SPRL" },
      orders: [
        { orderName: "#1042", issuedAt: new Date("2026-10-01"), dueAt: new Date("2026-10-15"), outstandingMinor: 1_000, payUrl: null, stepPurpose: "reminder", reference: "+++000/0001/04272+++" },
        { orderName: "#1050", issuedAt: new Date("2026-10-05"), dueAt: new Date("2026-10-20"), outstandingMinor: 2_000, payUrl: null, stepPurpose: "reminder", reference: "+++000/0001/05080+++" },
      ],
    });
    expect(email.text).toContain("BE68 5390 0754 7034");
    expect(email.text).toContain("#1042: +++000/0001/04272+++");
    expect(email.text).toContain("#1050: +++000/0001/05080+++");
  });
});

describe("a failed subscription renewal", () => {
  it.each(["en", "nl", "de", "fr"] as const)("is explained as the renewal it is, with a word on updating the card (%s)", async (locale) => {
    const email = await renderReminder({ ...base, locale, orderName: "#K2009-R6", renewal: true });
    expect(email.text).toContain("#K2009-R6");
    expect(email.text).toMatch({ en: /renewal of your subscription/, nl: /verlenging van uw abonnement/, de: /Verlängerung Ihres Abonnements/, fr: /renouvellement de votre abonnement/ }[locale]);
    expect(email.text).not.toContain("{");
    expect((await renderReminder({ ...base, locale })).text).not.toMatch(/subscription|abonnement|Abonnement/);
  });

  it("in a grouped reminder its line says so, and one note explains the renewals", async () => {
    const email = await renderGroupedReminder({
      locale: "en", step: { purpose: "reminder", tone: "friendly" }, shop: base.shop, customerName: null, currency: asCurrency("EUR"), fee: null,
      customerPageUrl: null, now: new Date("2026-11-27T09:00:00Z"),
      orders: [
        { orderName: "#1042", issuedAt: new Date("2026-10-01"), dueAt: new Date("2026-10-15"), outstandingMinor: 1_000, payUrl: null, stepPurpose: "reminder" },
        { orderName: "#K2009-R6", issuedAt: new Date("2026-11-17"), dueAt: new Date("2026-11-17"), outstandingMinor: 2_990, payUrl: null, stepPurpose: "reminder", renewal: true },
      ],
    });
    expect(email.text).toContain("10 days overdue · reminder · subscription renewal");
    expect(email.text).toContain("The subscription renewals listed could not be charged to your saved payment method.");
    expect(email.text.match(/subscription renewal/g)).toHaveLength(2);
  });
});
