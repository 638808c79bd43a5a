/** @jsxImportSource preact */
/**
 * The customer's open invoices as plain components of their data: the extension entries feed them
 * from the app, the tests render them as they are.
 */
import type {} from "@shopify/ui-extensions/customer-account.page.render";
import type { CustomerInvoice, CustomerInvoices } from "../../../app/services/surfaces/customerAccount";
import type { Translate } from "../../shared/translate";


export type Ask = "promise" | "dispute" | "arrangement" | "paid";

/** What the customer sends about one invoice; the app checks it with the customer page's rules. */
export interface InvoiceRequest {
  intent: Ask;
  receivableId: string;
  promisedFor?: string;
  reason?: string;
  message?: string;
  instalments?: string;
  intervalDays?: string;
  firstDueAt?: string;
}

/** the reasons a customer may give (chargebacks come from Shopify, not from the customer) */
const REASONS = ["not_received", "damaged", "wrong_amount", "already_paid", "returned", "other"] as const;

/** customer accounts' badges know only auto, neutral and critical: nothing here is an alarm for the customer */
const TONE = { open: "neutral", paused: "auto", disputed: "auto", in_arrangement: "neutral" } as const;

export interface InvoiceViewProps {
  invoice: CustomerInvoice;
  rules: CustomerInvoices["rules"];
  t: Translate;
  busy?: boolean;
  notice?: { tone: "success" | "critical"; text: string } | null;
  onAsk?: (request: InvoiceRequest) => void;
}

export function InvoiceView({ invoice, rules, t, busy, notice, onAsk }: InvoiceViewProps) {
  const form: Omit<InvoiceRequest, "receivableId"> = { intent: "promise", intervalDays: "30", instalments: "2", reason: "other" };
  const set = (key: keyof typeof form) => (e: { currentTarget: { value: string } }) => void ((form as Record<string, string>)[key] = e.currentTarget.value);
  // only an open invoice takes a promise, a dispute or an arrangement; one under review or in instalments is in hand
  const canAsk = invoice.state === "open" || invoice.state === "paused";
  return (
    <s-section heading={t("invoice.order", { order: invoice.order })}>
      <s-stack direction="block" gap="base">
        {notice && <s-banner tone={notice.tone}>{notice.text}</s-banner>}
        <s-stack direction="inline" gap="base">
          <s-text type="strong">{t("invoice.owed", { amount: invoice.outstanding })}</s-text>
          <s-text color={invoice.overdue ? "base" : "subdued"}>{t(invoice.overdue ? "invoice.overdue" : "invoice.due", { date: invoice.due })}</s-text>
          <s-badge tone={TONE[invoice.state]}>{t(`invoice.state.${invoice.state}`)}</s-badge>
        </s-stack>
        {invoice.paymentUrl && <s-button variant="primary" href={invoice.paymentUrl}>{t("invoice.pay")}</s-button>}
        {canAsk && (
          <s-details>
            <s-summary>{t("ask.choose")}</s-summary>
            <s-stack direction="block" gap="small">
              <s-select label={t("ask.choose")} name="intent" onChange={set("intent")}>
                {(["promise", "dispute", "arrangement", "paid"] as const).map((ask) => <s-option key={ask} value={ask}>{t(`ask.${ask}`)}</s-option>)}
              </s-select>
              <s-date-field label={t("ask.promisedFor")} name="promisedFor" onChange={set("promisedFor")} />
              <s-select label={t("ask.reason")} name="reason" onChange={set("reason")}>
                {REASONS.map((reason) => <s-option key={reason} value={reason}>{t(`ask.reasons.${reason}`)}</s-option>)}
              </s-select>
              <s-text-area label={t("ask.message")} name="message" onInput={set("message")} />
              <s-select label={t("ask.instalments")} name="instalments" onChange={set("instalments")}>
                {Array.from({ length: rules.maxInstalments - 1 }, (_, i) => String(i + 2)).map((n) => <s-option key={n} value={n}>{n}</s-option>)}
              </s-select>
              <s-date-field label={t("ask.firstDueAt")} name="firstDueAt" onChange={set("firstDueAt")} />
              <s-button disabled={busy} onClick={() => onAsk?.({ ...form, receivableId: invoice.receivableId })}>{t("ask.send")}</s-button>
            </s-stack>
          </s-details>
        )}
      </s-stack>
    </s-section>
  );
}

export interface InvoicesViewProps extends Omit<InvoiceViewProps, "invoice" | "notice"> {
  data: CustomerInvoices;
  notices?: Record<string, { tone: "success" | "critical"; text: string }>;
}

export function InvoicesView({ data, t, notices, ...rest }: InvoicesViewProps) {
  return (
    <s-page heading={t("page.heading")}>
      {data.invoices.length === 0 ? <s-text>{t("page.none")}</s-text> : (
        <s-stack direction="block" gap="large">
          {data.invoices.map((invoice) => <InvoiceView key={invoice.receivableId} invoice={invoice} t={t} notice={notices?.[invoice.receivableId] ?? null} {...rest} />)}
        </s-stack>
      )}
    </s-page>
  );
}

/** The orders list's block: how many invoices are open, and the way to them. */
export function InvoicesSummaryView({ data, t, pageUrl }: { data: CustomerInvoices; t: Translate; pageUrl: string }) {
  if (data.invoices.length === 0) return null;
  const overdue = data.invoices.filter((i) => i.overdue).length;
  return (
    <s-banner tone={overdue ? "warning" : "info"}>
      <s-stack direction="block" gap="small">
        <s-text>{t("block.summary", { count: data.invoices.length, overdue })}</s-text>
        <s-link href={pageUrl}>{t("block.view")}</s-link>
      </s-stack>
    </s-banner>
  );
}
