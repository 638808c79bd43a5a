/** @jsxImportSource preact */
/** The block on Shopify's customer page: what the customer owes, their risk and their open orders. */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Api } from "@shopify/ui-extensions/admin.customer-details.block.render";
import type { CustomerBlock as CustomerData, NotFollowed } from "../../../app/services/surfaces/adminBlocks";
import { CustomerBlockView } from "./views";
import { shopifyTranslator } from "../../shared/translate";
import { callApp, userLocale } from "./appApi";

const api = (globalThis as unknown as { shopify: Api }).shopify;

export default async () => {
  render(<CustomerBlock />, document.body);
};

function CustomerBlock() {
  const customerId = api.data.selected[0]?.id ?? "";
  const t = shopifyTranslator(api.i18n);
  const [data, setData] = useState<CustomerData | NotFollowed | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    callApp<CustomerData | NotFollowed>(`/extensions/admin/customer?id=${encodeURIComponent(customerId)}`).then(setData, (e: Error) => setError(e.message));
  }, [customerId]);
  if (error) return <s-admin-block heading={t("customer.heading")}><s-text tone="critical">{t("order.loadFailed", { error })}</s-text></s-admin-block>;
  if (!data) return <s-admin-block heading={t("customer.heading")}><s-spinner /></s-admin-block>;
  return <CustomerBlockView data={data} t={t} locale={userLocale()} />;
}
