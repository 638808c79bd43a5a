/** @jsxImportSource preact */
/** A block on an order's status page: that order's invoice, to pay or to ask about. */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import type { Api } from "@shopify/ui-extensions/customer-account.order-status.block.render";
import { shopifyTranslator } from "../../shared/translate";
import { InvoiceView } from "./views";
import { useInvoices } from "./useInvoices";

const api = (globalThis as unknown as { shopify: Api }).shopify;

export default async () => {
  render(<OrderStatusBlock />, document.body);
};

function OrderStatusBlock() {
  const t = shopifyTranslator(api.i18n);
  const { data, busy, notices, onAsk } = useInvoices(api, t, api.order.value?.id);
  const invoice = data?.invoices[0];
  return invoice ? <InvoiceView invoice={invoice} rules={data!.rules} t={t} busy={busy} notice={notices[invoice.receivableId] ?? null} onAsk={onAsk} /> : null;
}
