import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { pageAction, pageLoader } from "../http/customerPageRequests.server";
import { customerTexts } from "../i18n/customer";
import { DISPUTE_REASONS } from "../domain/disputes";
import type { Refusal } from "../domain/refusals";
import { refusedText } from "../i18n/refusals";

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex, nofollow" }, { name: "referrer", content: "no-referrer" }];

export function loader(args: LoaderFunctionArgs) {
  return pageLoader(args);
}

export function action(args: ActionFunctionArgs) {
  return pageAction(args);
}

type Loaded = Exclude<Awaited<ReturnType<typeof pageLoader>>, never>;

export default function CustomerPage() {
  const data = useLoaderData<Loaded>() as unknown as PageData;
  const result = useActionData<{ ok: boolean; done?: string; count?: number; error?: string; refusal?: Refusal }>();
  const busy = useNavigation().state !== "idle";
  if (data.refused) {
    return (
      <main style={page("#555")}>
        <h1 style={{ fontSize: 22 }}>{data.title}</h1>
        <p>{data.help}</p>
      </main>
    );
  }
  const t = customerTexts(data.locale);
  const color = data.shop.brandColor;
  const doneText = result?.ok
    ? result.done === "paid" ? t("alreadyPaidDone") : result.done === "promise" ? t("promiseDone") : result.done === "dispute" ? t("questionDone")
      : result.done === "arrangement_active" ? t("arrangementAccepted", { count: result.count ?? 0 }) : t("arrangementPending")
    : null;
  return (
    <main style={page(color)} lang={data.locale}>
      {data.shop.logoUrl ? <img src={data.shop.logoUrl} alt={data.shop.name} height={40} /> : <strong style={{ color, fontSize: 20 }}>{data.shop.name}</strong>}
      <h1 style={{ fontSize: 22 }}>{t("title", { shop: data.shop.name })}</h1>
      <p>{t("intro")}</p>
      {doneText ? <p role="status" style={notice("#e7f5ee")}>{doneText}</p> : null}
      {result && !result.ok ? <p role="alert" style={notice("#fdecea")}>{t("error", { reason: refusedText(result, t) })}</p> : null}
      {data.receivables.length === 0 ? <p>{t("nothingOpen")}</p> : null}
      {data.receivables.map((r) => (
        <section key={r.id} data-testid={`invoice-${r.order}`} style={{ border: "1px solid #e3e3e3", borderRadius: 8, padding: 16, margin: "16px 0" }}>
          <div style={{ display: "flex", justifyContent: "space-between", flexWrap: "wrap", gap: 8 }}>
            <div>
              <strong>{t(r.renewal ? "renewal" : "order")} {r.order}</strong> · {t("issued")} {r.issued} · {t("due")} {r.due}
              {r.state ? <span style={{ marginLeft: 8, padding: "2px 8px", borderRadius: 10, background: "#eef" }}>{t(r.state)}</span> : null}
            </div>
            <div>{t("outstanding")}: <strong>{r.outstanding}</strong></div>
          </div>
          {r.nextInstalment ? (
            <div data-testid="next-instalment">
              {r.nextInstalment.online ? (
                <Form method="post">
                  <input type="hidden" name="receivableId" value={r.id} />
                  <button type="submit" name="intent" value="pay_instalment" disabled={busy} style={{ ...button(color), border: 0, cursor: "pointer" }}>
                    {t("payInstalment", { seq: r.nextInstalment.seq, count: r.nextInstalment.count, amount: r.nextInstalment.amount })}
                  </button>
                </Form>
              ) : null}
              {r.nextInstalment.transfer ? <p>{t("instalmentTransfer", { seq: r.nextInstalment.seq, count: r.nextInstalment.count, amount: r.nextInstalment.amount, ...r.nextInstalment.transfer })}</p>
                : !r.nextInstalment.online ? <p>{t("instalmentNoOnline")}</p> : null}
            </div>
          ) : r.paymentUrl ? <p><a href={r.paymentUrl} style={button(color)}>{t("pay")} {r.outstanding}</a></p> : null}
          {r.instalments.length ? (
            <ul>{r.instalments.map((i) => <li key={i.seq}>{i.seq}. {i.amount} · {i.due}</li>)}</ul>
          ) : null}
          {r.state === null ? (
            <>
              <Form method="post">
                <input type="hidden" name="receivableId" value={r.id} />
                <button type="submit" name="intent" value="paid" disabled={busy}>{t("alreadyPaid")}</button> <small>{t("alreadyPaidHelp")}</small>
              </Form>
              <details>
                <summary>{t("promise")}</summary>
                <Form method="post">
                  <input type="hidden" name="receivableId" value={r.id} />
                  <label>{t("promiseDate")} <input type="date" name="promisedFor" defaultValue={data.firstDueDefault} required /></label>{" "}
                  <button type="submit" name="intent" value="promise" disabled={busy}>{t("promiseSend")}</button>
                  <br /><small>{t("promiseHelp", { days: data.rules.promiseMaxDays })}</small>
                </Form>
              </details>
              <details>
                <summary>{t("question")}</summary>
                <Form method="post">
                  <input type="hidden" name="receivableId" value={r.id} />
                  <label>{t("reason")}<br />
                    <select name="reason" required>
                      {DISPUTE_REASONS.filter((reason) => reason !== "chargeback").map((reason) => (
                        <option key={reason} value={reason}>{t(`reason.${reason}` as "reason.other")}</option>
                      ))}
                    </select>
                  </label><br />
                  <label>{t("message")}<br /><textarea name="message" required maxLength={2000} rows={4} style={{ width: "100%" }} /></label><br />
                  <button type="submit" name="intent" value="dispute" disabled={busy}>{t("send")}</button>
                </Form>
              </details>
              <details>
                <summary>{t("arrangement")}</summary>
                <Form method="post">
                  <input type="hidden" name="receivableId" value={r.id} />
                  <label>{t("instalments")}{" "}
                    <select name="instalments" defaultValue="3">
                      {Array.from({ length: Math.min(12, data.rules.maxInstalments * 2) - 1 }, (_, i) => i + 2).map((n) => <option key={n} value={n}>{n}</option>)}
                    </select>
                  </label>{" "}
                  <label>{t("interval")}{" "}
                    <select name="intervalDays" defaultValue="30">
                      <option value="14">{t("days", { count: 14 })}</option>
                      <option value="30">{t("days", { count: 30 })}</option>
                    </select>
                  </label>{" "}
                  <label>{t("firstPayment")} <input type="date" name="firstDueAt" defaultValue={data.firstDueDefault} required /></label>{" "}
                  <button type="submit" name="intent" value="arrangement" disabled={busy}>{t("propose")}</button>
                </Form>
              </details>
            </>
          ) : null}
        </section>
      ))}
    </main>
  );
}

interface PageData {
  refused: boolean;
  title: string;
  help: string;
  locale: "en" | "nl" | "de" | "fr";
  shop: { name: string; brandColor: string; logoUrl: string | null };
  rules: { maxInstalments: number; promiseMaxDays: number };
  firstDueDefault: string;
  receivables: { id: string; order: string; renewal: boolean; paymentUrl: string | null; outstanding: string; issued: string; due: string;
    state: "disputed" | "inArrangement" | "paused" | null; instalments: { seq: number; amount: string; due: string }[];
    nextInstalment: { seq: number; count: number; amount: string; online: boolean; transfer: { iban: string; holder: string; reference: string } | null } | null }[];
}

const page = (color: string) => ({ fontFamily: "Helvetica, Arial, sans-serif", maxWidth: 720, margin: "32px auto", padding: "0 16px", color: "#1f2937", borderTop: `4px solid ${color}` });
const notice = (background: string) => ({ background, padding: 12, borderRadius: 6 });
const button = (color: string) => ({ display: "inline-block", background: color, color: "#fff", padding: "10px 16px", borderRadius: 6, textDecoration: "none", fontWeight: 600 });
