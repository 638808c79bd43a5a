/** @jsxImportSource preact */
/** A full page in the customer account: the customer's open invoices and what they can do about each. */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import type { Api } from "@shopify/ui-extensions/customer-account.page.render";
import { shopifyTranslator } from "../../shared/translate";
import { InvoicesView } from "./views";
import { useInvoices } from "./useInvoices";

const api = (globalThis as unknown as { shopify: Api }).shopify;

export default async () => {
  render(<InvoicesPage />, document.body);
};

function InvoicesPage() {
  const t = shopifyTranslator(api.i18n);
  const { data, error, busy, notices, onAsk } = useInvoices(api, t);
  if (error) return <s-page heading={t("page.heading")}><s-banner tone="critical">{t("page.loadFailed", { error })}</s-banner></s-page>;
  if (!data) return <s-page heading={t("page.heading")}><s-spinner /></s-page>;
  return <InvoicesView data={data} rules={data.rules} t={t} busy={busy} notices={notices} onAsk={onAsk} />;
}
