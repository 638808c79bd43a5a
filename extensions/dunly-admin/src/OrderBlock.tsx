/** @jsxImportSource preact */
/** The block on Shopify's order page: the order's follow-up at a glance, and its buttons. */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Api } from "@shopify/ui-extensions/admin.order-details.block.render";
import type { NotFollowed, OrderBlock as OrderData } from "../../../app/services/surfaces/adminBlocks";
import { OrderBlockView, type OrderButton } from "./views";
import { shopifyTranslator } from "../../shared/translate";
import { callApp, userLocale, type ActionAnswer } from "./appApi";
import { refusedText } from "../../../app/i18n/refusals";

const api = (globalThis as unknown as { shopify: Api }).shopify;

export default async () => {
  render(<OrderBlock />, document.body);
};

function OrderBlock() {
  const orderId = api.data.selected[0]?.id ?? "";
  const t = shopifyTranslator(api.i18n);
  const [data, setData] = useState<OrderData | NotFollowed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pausing, setPausing] = useState(false);
  const [notice, setNotice] = useState<{ tone: "success" | "critical"; text: string } | null>(null);
  const load = () => callApp<OrderData | NotFollowed>(`/extensions/admin/order?id=${encodeURIComponent(orderId)}`).then(setData, (e: Error) => setError(e.message));
  useEffect(() => void load(), [orderId]);

  async function act(action: OrderButton, extra: Record<string, string> = {}) {
    setBusy(true);
    try {
      const answer = await callApp<ActionAnswer>("/extensions/admin/order-actions", { action, orderIds: [orderId], ...extra });
      const failure = answer.outcomes.find((o) => !o.ok);
      setNotice(failure ? { tone: "critical", text: t("order.failed", { error: refusedText(failure, t) }) } : { tone: "success", text: t("order.done") });
      if (!failure) setPausing(false);
      await load();
    } catch (e) {
      setNotice({ tone: "critical", text: t("order.failed", { error: (e as Error).message }) });
    } finally {
      setBusy(false);
    }
  }

  if (error) return <s-admin-block heading={t("order.heading")}><s-text tone="critical">{t("order.loadFailed", { error })}</s-text></s-admin-block>;
  if (!data) return <s-admin-block heading={t("order.heading")}><s-spinner /></s-admin-block>;
  return (
    <OrderBlockView
      data={data} t={t} locale={userLocale()} notice={notice} busy={busy} pausing={pausing}
      onButton={(button) => (button === "open_pause" ? setPausing(true) : void act(button))}
      onPause={(until, reason) => void act("pause", { until, reason })}
    />
  );
}
