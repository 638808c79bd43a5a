/** @jsxImportSource preact */
/** The action on Shopify's order page and on its order list (the selected orders): pause, resume, send now, hand over. */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useState } from "preact/hooks";
import type { Api } from "@shopify/ui-extensions/admin.order-index.selection-action.render";
import { OrderActionView } from "./views";
import { shopifyTranslator } from "../../shared/translate";
import { callApp, userLocale, type ActionAnswer } from "./appApi";
import { refusedText } from "../../../app/i18n/refusals";

const api = (globalThis as unknown as { shopify: Api }).shopify;

export default async () => {
  render(<OrderAction />, document.body);
};

function OrderAction() {
  const orderIds = api.data.selected.map((s) => s.id);
  const t = shopifyTranslator(api.i18n);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: number; errors: string[] } | null>(null);
  return (
    <OrderActionView
      count={orderIds.length} t={t} locale={userLocale()} busy={busy} result={result}
      onCancel={() => api.close()}
      onApply={async (choice) => {
        setBusy(true);
        try {
          const answer = await callApp<ActionAnswer>("/extensions/admin/order-actions", { ...choice, orderIds });
          setResult({ ok: answer.outcomes.filter((o) => o.ok).length, errors: answer.outcomes.filter((o) => !o.ok).map((o) => refusedText(o, t)) });
        } catch (e) {
          setResult({ ok: 0, errors: [(e as Error).message] });
        } finally {
          setBusy(false);
        }
      }}
    />
  );
}
