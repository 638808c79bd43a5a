/** @jsxImportSource preact */
/** A block on the customer account's orders list: how many invoices are open, and a link to them. */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Api } from "@shopify/ui-extensions/customer-account.order-index.block.render";
import type { CustomerInvoices } from "../../../app/services/surfaces/customerAccount";
import { shopifyTranslator } from "../../shared/translate";
import { InvoicesSummaryView } from "./views";
import { loadInvoices } from "./appApi";

const api = (globalThis as unknown as { shopify: Api }).shopify;

export default async () => {
  render(<OrdersBlock />, document.body);
};

function OrdersBlock() {
  const [data, setData] = useState<CustomerInvoices | null>(null);
  useEffect(() => void loadInvoices(api).then(setData, () => setData(null)), []);
  // this extension's full page, addressed by its handle (Shopify's navigation protocol)
  return data ? <InvoicesSummaryView data={data} t={shopifyTranslator(api.i18n)} pageUrl="extension://dunly-customer-account" /> : null;
}
