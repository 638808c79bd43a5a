import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineGrid, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { WorkflowError } from "../domain/workflow";
import { makePromise, PromiseError } from "../services/customers/promises";
import { dayFromForm } from "../domain/time";
import db from "../db.server";
import { clock } from "../clock.server";
import { requireAdmin } from "../auth.server";
import { addNote, closeFollowUp, receivableDetail, ReceivableActionError, requestSendNow } from "../services/ledger/receivableDetail";
import { pauseReceivable, PauseError, resumeReceivable } from "../services/followUp/pauseReminders";
import { formatMoney, type CurrencyCode } from "../domain/money";
import { useLocale, useT } from "../i18n/react";
import { stepName } from "../ui/stepNames";
import { codeText } from "../ui/codeText";
import { TimelineCard } from "../ui/TimelineCard";
import { PauseForm } from "../ui/PauseForm";
import { Fact } from "../ui/Fact";
import { forecastText } from "../ui/predictionText";
import { readForm } from "../http/readForm.server";
import { renewalView } from "../services/renewals/renewalView";
import { RenewalCard } from "../ui/RenewalCard";
import { dayText, momentText } from "../i18n/dates";
import { refusedBy, refusedJson } from "../http/refused.server";
import { refusedText } from "../i18n/refusals";
import type { Refusal } from "../domain/refusals";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const now = clock();
  const detail = await receivableDetail(db, shop.id, params.id ?? "", now);
  if (!detail) throw new Response("No such receivable in this shop", { status: 404 });
  const { receivable: r, timeline, plan } = detail;
  return {
    id: r.id, order: r.orderName, currency: r.currency, status: r.status, workflowState: r.workflowState,
    totalMinor: Number(r.totalMinor), outstandingMinor: Number(r.outstandingMinor), dueAt: r.dueAt.toISOString(), issuedAt: r.issuedAt.toISOString(),
    pausedUntil: r.pausedUntil && r.pausedUntil > now ? r.pausedUntil.toISOString() : null, pauseReason: r.pauseReason,
    sendNextNow: r.sendNextNow,
    forecast: r.forecast && r.status === "open" ? { ...r.forecast, reasons: JSON.parse(r.forecast.reasons) as string[] } : null,
    paymentUrl: r.paymentUrl,
    customer: r.customer ? { id: r.customer.id, name: [r.customer.firstName, r.customer.lastName].filter(Boolean).join(" ") || r.customer.email, email: r.customer.email, company: r.customer.company } : null,
    next: plan?.kind === "wait" ? { step: plan.step?.key ?? null, at: plan.until.toISOString(), reason: plan.reason }
      : plan?.kind === "send" || plan?.kind === "skip" ? { step: plan.step.key, at: now.toISOString(), reason: plan.kind }
      : { step: null, at: null, reason: plan?.kind === "stop" ? plan.reason : null },
    renewal: r.renewal ? renewalView({ ...shop, ...r.shop }, r.renewal) : null,
    timeline: timeline.map((e) => ({ id: e.id, kind: e.kind, at: e.occurredAt.toISOString(), amountMinor: Number(e.amountMinor), currency: e.currency, detail: JSON.parse(e.detail) as Record<string, unknown> })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const form = await readForm(request);
  const id = params.id ?? "";
  const now = clock();
  try {
    switch (form.get("intent")) {
      case "pause": {
        const until = String(form.get("until") ?? "");
        await pauseReceivable(db, shop.id, id, dayFromForm(until, 23), String(form.get("reason") ?? ""), now);
        break;
      }
      case "resume":
        await resumeReceivable(db, shop.id, id, now);
        break;
      case "send_now":
        if ((await requestSendNow(db, shop.id, [id], now)) !== 1) return refusedJson({ code: "send_now_refused" }, "only an open order in the normal flow can get its next reminder now");
        break;
      case "note":
        await addNote(db, shop.id, id, String(form.get("note") ?? ""), null, now);
        break;
      case "promise": {
        await makePromise(db, { shopId: shop.id, receivableId: id, source: "staff", promisedFor: dayFromForm(form.get("promisedFor")) }, now);
        break;
      }
      case "handed_over":
      case "written_off":
        await closeFollowUp(db, shop.id, id, form.get("intent") as "handed_over", String(form.get("note") ?? ""), now);
        break;
      default:
        return refusedJson({ code: "unknown_action" }, "unknown action");
    }
    return Response.json({ ok: true });
  } catch (error) {
    if (error instanceof PauseError || error instanceof ReceivableActionError || error instanceof WorkflowError || error instanceof PromiseError) return refusedBy(error);
    throw error;
  }
}

export default function ReceivableDetail() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; error?: string; refusal?: Refusal }>();
  const t = useT();
  const locale = useLocale();
  const money = (minor: number, currency: string) => formatMoney(minor, currency as CurrencyCode, locale);
  const when = (iso: string) => momentText(iso, locale);
  const open = data.status === "open" && !data.workflowState;
  return (
    <Page title={`${data.renewal ? t("renewal.title") : t("receivables.order")} ${data.order}`} backAction={{ content: t("receivables.title"), url: "/app/receivables" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.error ? <Banner tone="critical">{refusedText(result, t)}</Banner> : null}
            <Card>
              <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
                <Fact label={t("receivables.total")} value={money(data.totalMinor, data.currency)} />
                <Fact label={t("receivables.outstanding")} value={money(data.outstandingMinor, data.currency)} testId="detail-outstanding" />
                <Fact label={t("receivables.due")} value={dayText(data.dueAt, locale)} />
                <Fact label={t("receivables.status")} value={t(`status.${data.status}` as "status.open") + (data.workflowState ? ` · ${t(`workflow.${data.workflowState}` as "workflow.disputed")}` : "")} />
              </InlineGrid>
            </Card>
            <Card>
              <div data-testid="next-step">
                <Text as="p">
                  {data.next.step ? t("detail.nextStep", { step: stepName(data.next.step, t), when: when(data.next.at!) }) : t("detail.noNextStep", { reason: codeText(t, "stopReason", data.next.reason) })}
                  {data.pausedUntil ? ` · ${t("detail.pausedUntil", { when: when(data.pausedUntil), reason: data.pauseReason ?? "" })}` : ""}
                </Text>
                {data.forecast ? <div data-testid="forecast"><Text as="p" tone="subdued">{forecastText(t, data.forecast)}</Text></div> : null}
              </div>
            </Card>
            {data.renewal ? <RenewalCard renewal={data.renewal} when={when} /> : null}
            <TimelineCard title={t("detail.timeline")} testId="timeline" entries={data.timeline} when={when} money={money} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            {data.customer ? (
              <Card><BlockStack gap="100"><Text as="h2" variant="headingMd">{t("receivables.customer")}</Text><Link to={`/app/customers/${data.customer.id}`}><Text as="p">{data.customer.company ?? data.customer.name}</Text></Link><Text as="p" tone="subdued">{data.customer.email}</Text></BlockStack></Card>
            ) : null}
            {open && !data.pausedUntil && data.next.step ? (
              <Form method="post"><input type="hidden" name="intent" value="send_now" /><Button submit variant="primary">{t("detail.sendNow", { step: stepName(data.next.step, t) })}</Button></Form>
            ) : null}
            {open ? <PauseForm /> : null}
            {open && !data.workflowState ? <PromiseForm /> : null}
            {data.pausedUntil ? (
              <Form method="post"><input type="hidden" name="intent" value="resume" /><Button submit>{t("detail.resume")}</Button></Form>
            ) : null}
            <NoteForm />
            {data.status === "open" && data.workflowState !== "handed_over" && data.workflowState !== "written_off" ? (
              <Card>
                <InlineStack gap="200">
                  {(["handed_over", "written_off"] as const).map((intent) => (
                    <Form method="post" key={intent}><input type="hidden" name="intent" value={intent} /><Button submit tone="critical">{t(`detail.${intent}`)}</Button></Form>
                  ))}
                  <Link to={`/app/arrangements`}>{t("nav.arrangements")}</Link>
                </InlineStack>
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function PromiseForm() {
  const t = useT();
  const [day, setDay] = useState("");
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="promise" /><input type="hidden" name="promisedFor" value={day} />
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">{t("detail.promise")}</Text>
          <TextField label={t("detail.promiseDate")} type="date" value={day} onChange={setDay} autoComplete="off" helpText={t("detail.promiseHelp")} />
          <Button submit>{t("detail.promiseSave")}</Button>
        </BlockStack>
      </Form>
    </Card>
  );
}

function NoteForm() {
  const t = useT();
  const [note, setNote] = useState("");
  return (
    <Card>
      <Form method="post" onSubmit={() => setTimeout(() => setNote(""), 0)}>
        <input type="hidden" name="intent" value="note" /><input type="hidden" name="note" value={note} />
        <BlockStack gap="200">
          <TextField label={t("detail.note")} value={note} onChange={setNote} multiline={3} autoComplete="off" />
          <Button submit>{t("detail.addNote")}</Button>
        </BlockStack>
      </Form>
    </Card>
  );
}
