/** The invoices and the answers to what the customer asked, for a page or a block. */
import { useEffect, useState } from "preact/hooks";
import type { CustomerInvoices } from "../../../app/services/surfaces/customerAccount";
import type { Translate } from "../../shared/translate";
import type { InvoiceRequest } from "./views";
import { ask, loadInvoices } from "./appApi";

type Api = Parameters<typeof loadInvoices>[0];
type Notice = { tone: "success" | "critical"; text: string };

export function useInvoices(api: Api, t: Translate, orderGid?: string) {
  const [data, setData] = useState<CustomerInvoices | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notices, setNotices] = useState<Record<string, Notice>>({});
  const load = () => loadInvoices(api, orderGid).then(setData, (e: Error) => setError(e.message));
  useEffect(() => void load(), [orderGid]);
  async function onAsk(request: InvoiceRequest) {
    setBusy(true);
    try {
      const answer = await ask(api, request);
      const notice: Notice = answer.ok ? { tone: "success", text: t(`ask.done.${answer.done}`) } : { tone: "critical", text: t("ask.failed", { error: answer.error }) };
      setNotices({ ...notices, [request.receivableId]: notice });
      await load();
    } catch (e) {
      setNotices({ ...notices, [request.receivableId]: { tone: "critical", text: t("ask.failed", { error: (e as Error).message }) } });
    } finally {
      setBusy(false);
    }
  }
  return { data, error, busy, notices, onAsk };
}
