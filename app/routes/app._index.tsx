import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useFetcher, useLoaderData } from "@remix-run/react";
import { BlockStack, Box, Button, Card, EmptyState, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { kickQueue, startBackfill } from "../services/ingest/queueRunner.server";
import db from "../db.server";
import { clock } from "../clock.server";
import { requireAdmin } from "../auth.server";
import { dashboardFor } from "../services/insight/dashboardSnapshot";
import { bankSummary } from "../services/payments/bankEntryList";
import { exhaustedDeliveries, retryExhausted } from "../services/ingest/webhookQueue";
import { AGING_BUCKETS } from "../domain/aging";
import { formatMoney, type CurrencyCode } from "../domain/money";
import { useLocale, useT } from "../i18n/react";
import { readForm } from "../http/readForm.server";
import { alertWordsOf } from "../services/insight/alerts";
import { alertText } from "../i18n/alertTexts";
import { momentText } from "../i18n/dates";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, demo } = await requireAdmin(request);
  const alerts = await db.alert.findMany({ where: { shopId: shop.id, readAt: null }, orderBy: { createdAt: "desc" }, take: 10 });
  return {
    ...(await dashboardFor(db, shop, clock())), canReconcile: !demo, bank: await bankSummary(db, shop.id, shop.currency, clock()),
    stuck: (await exhaustedDeliveries(db, shop.domain)).map((d) => ({ id: d.id, topic: d.topic, error: d.error, at: d.receivedAt.toISOString() })),
    alerts: alerts.map((a) => ({ id: a.id, kind: a.kind, message: a.message, words: alertWordsOf(a), at: a.createdAt.toISOString() })),
  };
}

/** "Reconcile with Shopify": the backfill pass on demand, in the background. */
export async function action({ request }: ActionFunctionArgs) {
  const { shop, demo } = await requireAdmin(request);
  const intent = (await readForm(request)).get("intent");
  if (intent === "alerts_read") {
    await db.alert.updateMany({ where: { shopId: shop.id, readAt: null }, data: { readAt: clock() } });
    return Response.json({ ok: true });
  }
  if (intent === "retry_deliveries") {
    const retried = await retryExhausted(db, shop.domain, clock());
    kickQueue();
    return Response.json({ ok: true, retried });
  }
  if (demo) return Response.json({ error: "The demo shop has no Shopify store to reconcile with." }, { status: 400 });
  startBackfill(shop.domain);
  return Response.json({ started: true });
}

export default function Dashboard() {
  const summary = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const money = (minor: number) => formatMoney(minor, summary.currency as CurrencyCode, locale);
  const reconcile = useFetcher<{ started?: boolean; error?: string }>();
  const largest = Math.max(1, ...AGING_BUCKETS.map((b) => summary.aging[b].outstandingMinor));
  return (
    <Page
      title={t("dashboard.title")}
      subtitle={summary.asOf ? t("dashboard.asOf", { time: `${new Date(summary.asOf).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit", timeZone: "UTC" })} UTC` }) : undefined}
      secondaryActions={summary.canReconcile ? [{
        content: reconcile.data?.started ? t("dashboard.reconcileStarted") : t("dashboard.reconcile"),
        loading: reconcile.state !== "idle",
        disabled: Boolean(reconcile.data?.started),
        onAction: () => reconcile.submit({ intent: "reconcile" }, { method: "post" }),
      }] : []}
    >
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
            <Metric label={t("dashboard.outstanding")} value={money(summary.outstandingMinor)}
              detail={t("dashboard.openReceivables", { count: summary.openCount })} testId="metric-outstanding" />
            <Metric label={t("dashboard.overdue")} value={money(summary.overdueMinor)}
              detail={t("dashboard.overdueReceivables", { count: summary.overdueCount })} testId="metric-overdue" />
            <Metric label={t("dashboard.customers")} value={String(summary.customers)} testId="metric-customers" />
            <Metric label={t("dashboard.dso")} value={summary.dsoDays === null ? "—" : t("dashboard.days", { count: summary.dsoDays })} detail={t("dashboard.dsoHelp")} testId="metric-dso" />
            <Metric label={t("dashboard.collected")} value={money(summary.collectedThisMonthMinor)} testId="metric-collected" />
            <Metric label={t("dashboard.today")} value={`${summary.tasksDueToday} · ${summary.disputesPastSla}`} detail={t("dashboard.todayHelp")} testId="metric-today" />
            <Metric label={t("dashboard.promises")} value={t("dashboard.promisesOpen", { count: summary.promisesOpen })}
              detail={t("dashboard.promisesBroken", { count: summary.promisesBroken })} testId="metric-promises" />
            <Metric label={t("bank.summary.waiting")} value={String(summary.bank.waiting)} testId="metric-bank-waiting"
              detail={t("dashboard.bankMatched", { auto: summary.bank.matchedAuto, byHand: summary.bank.matchedByHand })} />
            <Metric label={t("bank.summary.today")} value={money(summary.bank.receivedTodayMinor)} testId="metric-bank-today" />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">{t("dashboard.trend")}</Text>
              <div data-testid="overdue-trend" style={{ display: "flex", alignItems: "flex-end", gap: 12, height: 120 }}>
                {summary.overdueTrend.map((point) => (
                  <div key={point.label} style={{ flex: 1, textAlign: "center" }}>
                    <div role="img" aria-label={`${point.label}: ${point.count}`} style={{
                      height: `${(point.count / Math.max(1, ...summary.overdueTrend.map((p) => p.count))) * 90}px`, background: "#e0a46f", borderRadius: 4,
                    }} />
                    <Text as="span" variant="bodySm">{point.count}<br />{point.label === "now" ? t("dashboard.now") : point.label}</Text>
                  </div>
                ))}
              </div>
            </BlockStack>
          </Card>
        </Layout.Section>
        {summary.stuck.length ? (
          <NoticeCard testId="stuck-deliveries" title={t("dashboard.stuck")} help={t("dashboard.stuckHelp")} intent="retry_deliveries" action={t("dashboard.stuckRetry")}
            lines={summary.stuck.map((d) => ({ id: d.id, text: `${d.topic} · ${momentText(d.at, locale)} · ${d.error}` }))} />
        ) : null}
        {summary.alerts.length ? (
          <NoticeCard testId="alerts" title={t("dashboard.alerts")} intent="alerts_read" action={t("dashboard.alertsRead")}
            lines={summary.alerts.map((a) => ({ id: a.id, text: a.words ? alertText(a.words, t, locale) : a.message }))} />
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">{t("dashboard.aging")}</Text>
              {summary.openCount === 0 ? (
                <EmptyState heading={t("dashboard.empty")} image="" />
              ) : (
                AGING_BUCKETS.map((bucket) => (
                  <div key={bucket} data-testid={`aging-${bucket}`}>
                    <InlineGrid columns={["oneThird", "twoThirds"]} gap="200">
                      <Text as="span">{t(`aging.${bucket}`)} · {summary.aging[bucket].count}</Text>
                      <InlineGrid columns={["twoThirds", "oneThird"]} gap="200">
                        <div role="img" aria-label={t(`aging.${bucket}`)} style={{
                          height: 18, borderRadius: 4, background: bucket === "not_due" ? "#8fc9a8" : "#e0a46f",
                          width: `${(summary.aging[bucket].outstandingMinor / largest) * 100}%`,
                        }} />
                        <Text as="span" alignment="end" numeric>{money(summary.aging[bucket].outstandingMinor)}</Text>
                      </InlineGrid>
                    </InlineGrid>
                  </div>
                ))
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function Metric({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <Card>
      <div data-testid={testId}>
        <BlockStack gap="100">
          <Text as="h3" variant="headingSm" tone="subdued">{label}</Text>
          <Text as="p" variant="heading2xl">{value}</Text>
          {detail ? <Box><Text as="p" tone="subdued">{detail}</Text></Box> : null}
        </BlockStack>
      </div>
    </Card>
  );
}

/** A card of things that need the merchant: a line each, and one button that deals with them all. */
function NoticeCard(props: { testId: string; title: string; help?: string; lines: { id: string; text: string }[]; intent: string; action: string }) {
  return (
    <Layout.Section>
      <Card>
        <div data-testid={props.testId}>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">{props.title}</Text>
            {props.help ? <Text as="p" tone="subdued">{props.help}</Text> : null}
            {props.lines.map((line) => <Text as="p" key={line.id}>• {line.text}</Text>)}
            <Form method="post"><input type="hidden" name="intent" value={props.intent} /><Button submit>{props.action}</Button></Form>
          </BlockStack>
        </div>
      </Card>
    </Layout.Section>
  );
}
