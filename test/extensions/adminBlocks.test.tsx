/** @jsxImportSource preact */
/**
 * The admin blocks and the order action as they render (the extension's own components, to HTML
 * with preact-render-to-string): an open, a paid, a disputed and an in-arrangement order, a
 * customer, in English and Dutch from the extension's locale files.
 */
import { describe, expect, it } from "vitest";
import { render } from "preact-render-to-string";
import { CustomerBlockView, OrderActionView, OrderBlockView } from "../../extensions/dunly-admin/src/views";
import type { CustomerBlock, OrderBlock } from "../../app/services/surfaces/adminBlocks";
import { localeTranslator } from "../../extensions/dunly-admin/src/localeText";
import { localeKeys } from "../support/extensionLocale";
import { componentProblems, surfaceSchemas } from "../support/polarisSchema";

const open: OrderBlock = {
  followed: true, receivableId: "r1", order: "#1001", currency: "EUR", totalMinor: 12_500, outstandingMinor: 12_500, dueDate: "2026-11-15",
  state: "open", pausedUntil: null, pauseReason: null,
  lastMessage: { step: "reminder_1", channel: "email", status: "sent", at: "2026-11-16T09:00:00Z" },
  next: { step: "reminder_2", at: "2026-11-23T09:00:00Z" },
  allowed: { pause: true, resume: false, sendNow: true, handOver: true },
};
const paid: OrderBlock = { ...open, state: "paid", outstandingMinor: 0, next: null, allowed: { pause: false, resume: false, sendNow: false, handOver: false } };
const disputed: OrderBlock = { ...open, state: "disputed", next: null, allowed: { pause: false, resume: false, sendNow: false, handOver: true } };
const arranged: OrderBlock = { ...open, state: "in_arrangement", next: null, allowed: { pause: false, resume: false, sendNow: false, handOver: true } };
const paused: OrderBlock = { ...open, state: "paused", pausedUntil: "2026-12-31T23:00:00Z", pauseReason: "on holiday", next: null, allowed: { pause: false, resume: true, sendNow: false, handOver: true } };

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&nbsp;|\u00a0/g, " ").replace(/\s+/g, " ").trim();

describe("the order block", () => {
  const en = localeTranslator("en");
  const nl = localeTranslator("nl");

  it("an open order: amount, due date, status, last message, next step and its buttons", () => {
    const html = render(<OrderBlockView data={open} t={en} locale="en" />);
    expect(html.toLowerCase()).toContain('<s-admin-block heading="payment follow-up" collapsedsummary="€125.00 · open">');
    expect(text(html)).toContain("Outstanding €125.00 Due Nov 15, 2026 Status Open");
    expect(text(html)).toContain("Last message Reminder 1 by email on Nov 16, 2026 Next step Reminder 2 on Nov 23, 2026");
    for (const button of ["Pause reminders", "Send next reminder now", "Hand over"]) expect(text(html)).toContain(button);
    expect(text(html)).not.toContain("Resume reminders");
    expect(html).toContain('href="app:/app/receivables/r1"');
  });

  it("a paid order has no buttons; a disputed or arranged one can only be handed over; a paused one resumed", () => {
    expect(text(render(<OrderBlockView data={paid} t={en} locale="en" />))).toMatch(/Outstanding €0.00 .* Status Paid .* Next step None Open in Dunly$/);
    expect(render(<OrderBlockView data={paid} t={en} locale="en" />)).not.toContain("<s-button");
    for (const [data, state] of [[disputed, "Disputed"], [arranged, "In arrangement"]] as const) {
      const html = render(<OrderBlockView data={data} t={en} locale="en" />);
      expect(text(html)).toContain(`Status ${state}`);
      expect([...html.matchAll(/<s-button[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(["Hand over"]);
    }
    const html = render(<OrderBlockView data={paused} t={en} locale="en" />);
    expect(text(html)).toContain("Paused until Dec 31, 2026: on holiday");
    expect([...html.matchAll(/<s-button[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(["Resume reminders", "Hand over"]);
  });

  it("in Dutch, with Dutch amounts and dates", () => {
    expect(text(render(<OrderBlockView data={open} t={nl} locale="nl" />))).toContain("Openstaand € 125,00 Vervaldatum 15 nov 2026 Status Open");
    // the default flow's steps in the merchant's language; a step the merchant named by its key
    const letter = { ...open, lastMessage: { ...open.lastMessage!, step: "final_notice", channel: "letter" }, next: { step: "call_again", at: open.next!.at } };
    expect(text(render(<OrderBlockView data={letter} t={nl} locale="nl" />))).toMatch(/Laatste aanmaning per brief op 16 nov 2026 .*Call again op 23 nov 2026/);
    expect(text(render(<OrderBlockView data={disputed} t={nl} locale="nl" />))).toContain("Status Betwist");
    expect(text(render(<OrderBlockView data={arranged} t={nl} locale="nl" />))).toContain("Status Betalingsregeling");
    expect(text(render(<OrderBlockView data={paid} t={nl} locale="nl" />))).toContain("Status Betaald");
  });

  it("the pause form opens with a date and a reason; an order the app does not follow says so", () => {
    const html = render(<OrderBlockView data={open} t={en} locale="en" pausing notice={{ tone: "critical", text: "Not done: the end date must lie in the future" }} />);
    expect(html).toContain('<s-date-field label="Pause until" name="until"');
    expect(html).toContain('<s-text-field label="Reason" name="reason"');
    expect(html).toContain('<s-banner tone="critical">Not done: the end date must lie in the future</s-banner>');
    expect(text(render(<OrderBlockView data={{ followed: false }} t={nl} locale="nl" />))).toBe("Dunly volgt deze bestelling niet op: ze is bij de checkout betaald of is geen verkoop op rekening.");
  });
});

describe("the customer block and the order action", () => {
  const customer: CustomerBlock = {
    followed: true, customerId: "c1", currency: "EUR", exposureMinor: 42_000, overdueMinor: 30_000, creditLimitMinor: 40_000,
    risk: { level: "high", reasons: [{ code: "broken_arrangements", count: 2 }], overLimit: true }, brokenPromises: 1, brokenArrangements: 2, openDisputes: 0,
    openOrders: [{ receivableId: "r1", order: "#1001", outstandingMinor: 30_000, dueDate: "2026-10-01", state: "in_arrangement" }],
  };

  it("shows exposure, risk with reasons, credit limit, broken promises and open orders, in English and Dutch", () => {
    const en = text(render(<CustomerBlockView data={customer} t={localeTranslator("en")} locale="en" />));
    expect(en).toContain("High risk Over the credit limit 2 broken payment arrangements Owed now €420.00 Overdue €300.00 Credit limit €400.00");
    expect(en).toContain("Broken promises to pay 1 Broken arrangements 2 Open disputes 0 Open orders #1001 €300.00 Oct 1, 2026 In arrangement");
    const nl = text(render(<CustomerBlockView data={{ ...customer, creditLimitMinor: null, risk: { level: "low", reasons: [], overLimit: false } }} t={localeTranslator("nl")} locale="nl" />));
    expect(nl).toContain("Laag risico Nu verschuldigd € 420,00 Vervallen € 300,00 Kredietlimiet Geen limiet");
    // the reasons in the admin's language too
    const de = text(render(<CustomerBlockView data={customer} t={localeTranslator("de")} locale="de" />));
    expect(de).toContain("2 Ratenvereinbarungen nicht eingehalten");
  });

  it("the order action names the selection and offers the four actions", () => {
    const html = render(<OrderActionView count={3} t={localeTranslator("nl")} locale="nl" result={{ ok: 2, errors: ["#1003: not followed up"] }} />);
    expect(text(html)).toContain("Geselecteerde bestellingen: 3 Gedaan voor 2 van 3 bestellingen. #1003: not followed up");
    expect([...html.matchAll(/<s-option value="(\w+)">/g)].map((m) => m[1])).toEqual(["pause", "resume", "send_now", "hand_over"]);
    expect(html).toContain('slot="primary-action"');
  });

  it("every language has every text", () => {
    const keys = localeKeys("dunly-admin", "en");
    for (const locale of ["nl", "de", "fr"]) expect(localeKeys("dunly-admin", locale)).toEqual(keys);
  });
});

describe("against Shopify's Polaris component schema (2025-10)", () => {
  it("every element and prop of the blocks and the action is one the admin knows", async () => {
    const schemas = await surfaceSchemas("admin");
    const t = localeTranslator("en");
    const customer: CustomerBlock = {
      followed: true, customerId: "c1", currency: "EUR", exposureMinor: 1, overdueMinor: 1, creditLimitMinor: 1, risk: { level: "high", reasons: [{ code: "over_credit_limit" }], overLimit: true },
      brokenPromises: 0, brokenArrangements: 0, openDisputes: 0, openOrders: [{ receivableId: "r1", order: "#1", outstandingMinor: 1, dueDate: "2026-01-01", state: "open" }],
    };
    const trees = [
      ...[open, paid, disputed, arranged, paused].map((data) => <OrderBlockView data={data} t={t} locale="en" pausing notice={{ tone: "success", text: "ok" }} />),
      <OrderBlockView data={{ followed: false }} t={t} locale="en" />,
      <CustomerBlockView data={customer} t={t} locale="en" />,
      <OrderActionView count={2} t={t} locale="en" result={{ ok: 1, errors: ["x"] }} />,
    ];
    for (const tree of trees) expect(componentProblems(tree, schemas)).toEqual([]);
    // @ts-expect-error: the extension's types refuse it too
    expect(componentProblems(<s-badge tone="loud">x</s-badge>, schemas)).toEqual([expect.stringMatching(/^<s-badge> tone: Invalid enum value/)]);
    // @ts-expect-error: the extension's types refuse it too
    expect(componentProblems(<s-stack directon="inline" />, schemas)).toEqual([expect.stringMatching(/^<s-stack> props: Unrecognized key/)]);
  });
});
