/** @jsxImportSource preact */
/**
 * The customer account extension as it renders (its own components, to HTML): open, overdue,
 * disputed and in-arrangement invoices, the orders list's summary, in English and Dutch.
 */
import { describe, expect, it } from "vitest";
import { render } from "preact-render-to-string";
import { InvoicesSummaryView, InvoicesView, InvoiceView } from "../../extensions/dunly-customer-account/src/views";
import { localeTranslator } from "../../extensions/dunly-customer-account/src/localeText";
import type { CustomerInvoice, CustomerInvoices } from "../../app/services/surfaces/customerAccount";
import { localeKeys } from "../support/extensionLocale";
import { componentProblems, surfaceSchemas } from "../support/polarisSchema";

const open: CustomerInvoice = {
  receivableId: "r1", orderGid: "gid://shopify/Order/1", order: "#1001", outstanding: "€125.00", due: "15 December 2026", overdue: false, state: "open",
  paymentUrl: "https://shop.example/pay/1",
};
const overdue: CustomerInvoice = { ...open, receivableId: "r2", order: "#1002", due: "1 November 2026", overdue: true };
const disputed: CustomerInvoice = { ...open, receivableId: "r3", order: "#1003", state: "disputed" };
const arranged: CustomerInvoice = { ...open, receivableId: "r4", order: "#1004", state: "in_arrangement", paymentUrl: null };
const rules = { maxInstalments: 4, promiseMaxDays: 30 };
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
const en = localeTranslator("en");
const nl = localeTranslator("nl");

describe("open invoices in the customer account", () => {
  it("an open invoice: amount, due date, a pay button and the questions a customer may ask", () => {
    const html = render(<InvoiceView invoice={open} rules={rules} t={en} />);
    expect(html).toContain('<s-section heading="Order #1001">');
    expect(text(html)).toContain("To pay: €125.00 Due 15 December 2026 Open Pay now");
    expect(html).toContain('href="https://shop.example/pay/1"');
    expect([...html.matchAll(/<s-option value="(\w+)">/g)].map((m) => m[1])).toEqual([
      "promise", "dispute", "arrangement", "paid", "not_received", "damaged", "wrong_amount", "already_paid", "returned", "other", "2", "3", "4",
    ]);
  });

  it("an overdue invoice says since when; a disputed or arranged one offers no new request", () => {
    expect(text(render(<InvoiceView invoice={overdue} rules={rules} t={en} />))).toContain("Overdue since 1 November 2026");
    const underReview = render(<InvoiceView invoice={disputed} rules={rules} t={en} />);
    expect(text(underReview)).toContain("Under review");
    expect(underReview).not.toContain("<s-details");
    const instalments = render(<InvoiceView invoice={arranged} rules={rules} t={en} />);
    expect(text(instalments)).toContain("Paying in instalments");
    expect(instalments).not.toContain("Pay now");
  });

  it("in Dutch, with the answer to what the customer asked", () => {
    const data: CustomerInvoices = { invoices: [open, disputed], rules };
    const html = render(<InvoicesView data={data} rules={rules} t={nl} notices={{ r1: { tone: "success", text: nl("ask.done.promise") } }} />);
    expect(html).toContain('<s-page heading="Openstaande facturen">');
    expect(text(html)).toContain("Dank u: we herinneren u niet voor die datum. Te betalen: €125.00 Vervalt op 15 December 2026 Open Nu betalen");
    expect(html).toContain(`<s-section heading="Bestelling #1003">`);
    expect(text(html)).toContain("In behandeling");
    expect(text(render(<InvoicesView data={{ invoices: [], rules }} rules={rules} t={nl} />))).toBe("U heeft geen openstaande facturen.");
  });

  it("the orders list's block counts the open and overdue invoices and links to the page", () => {
    const html = render(<InvoicesSummaryView data={{ invoices: [open, overdue], rules }} t={en} pageUrl="extension://dunly-customer-account" />);
    expect(html).toContain('<s-banner tone="warning">');
    expect(text(html)).toBe("You have 2 open invoices; 1 overdue. View your invoices");
    expect(render(<InvoicesSummaryView data={{ invoices: [], rules }} t={en} pageUrl="x" />)).toBe("");
  });

  it("every language has every text", () => {
    const keys = localeKeys("dunly-customer-account", "en");
    for (const locale of ["nl", "de", "fr"]) expect(localeKeys("dunly-customer-account", locale)).toEqual(keys);
  });
});

describe("against Shopify's Polaris component schema (2025-10)", () => {
  it("every element and prop of the page and the blocks is one customer accounts know", async () => {
    const schemas = await surfaceSchemas("customer-account");
    const data: CustomerInvoices = { invoices: [open, overdue, disputed, arranged], rules };
    const trees = [
      <InvoicesView data={data} rules={rules} t={en} notices={{ r1: { tone: "success", text: "ok" } }} />,
      <InvoicesView data={{ invoices: [], rules }} rules={rules} t={en} />,
      <InvoicesSummaryView data={data} t={en} pageUrl="extension://dunly-customer-account" />,
    ];
    for (const tree of trees) expect(componentProblems(tree, schemas)).toEqual([]);
  });
});
