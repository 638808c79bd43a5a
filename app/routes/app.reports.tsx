import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { BlockStack, Button, Card, DataTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import db from "../db.server";
import { clock } from "../clock.server";
import { requireAdmin } from "../auth.server";
import { EXPORTS, reportData, staffReport } from "../services/insight/reports";
import { experimentResults, promoteVariant } from "../services/insight/experimentResults";
import { predictionQuality } from "../services/insight/latePrediction";
import { percent } from "../ui/predictionText";
import { AGING_BUCKETS } from "../domain/aging";
import { formatMoney, type CurrencyCode } from "../domain/money";
import { useLocale, useT } from "../i18n/react";
import { stepName } from "../ui/stepNames";
import { readForm } from "../http/readForm.server";
import { renewalReport } from "../services/insight/renewalReport";
import { errorCodeText } from "../ui/timelineText";
import { dayText } from "../i18n/dates";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  return {
    ...(await reportData(db, shop.id, clock())), currency: shop.currency,
    experiments: await experimentResults(db, shop.id, 7), staff: await staffReport(db, shop.id, clock()),
    prediction: await predictionQuality(db, shop.id), renewals: await renewalReport(db, shop),
  };
}

/** Promote an experiment's winner into the flow. */
export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const form = await readForm(request);
  const changed = await promoteVariant(db, shop.id, String(form.get("stepKey") ?? ""), String(form.get("variant") ?? ""));
  return Response.json({ ok: changed > 0 }, { status: changed > 0 ? 200 : 400 });
}

export default function Reports() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const money = (minor: number) => formatMoney(minor, data.currency as CurrencyCode, locale);
  const largest = Math.max(1, ...data.collectedPerMonth.map((m) => m.amountMinor));
  return (
    <Page title={t("reports.title")}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">{t("reports.collected")}</Text>
                <div data-testid="collected-chart">
                  {data.collectedPerMonth.map((m) => (
                    <InlineStack key={m.month} gap="200" blockAlign="center" wrap={false}>
                      <div style={{ width: 70 }}><Text as="span">{m.month}</Text></div>
                      <div role="img" aria-label={`${m.month}: ${money(m.amountMinor)}`}
                        style={{ height: 16, borderRadius: 4, background: "#5c9ee6", width: `${(m.amountMinor / largest) * 60}%` }} />
                      <Text as="span" numeric>{money(m.amountMinor)}</Text>
                    </InlineStack>
                  ))}
                </div>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">{t("reports.effectiveness")}</Text>
                <div data-testid="effectiveness">
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
                    headings={[t("messages.step"), t("reports.sent"), t("reports.paidWithin", { days: 3 }), t("reports.paidWithin", { days: 7 }), t("reports.paidWithin", { days: 14 })]}
                    rows={data.effectiveness[7].map((row, i) => [
                      stepName(row.stepKey, t), row.sent,
                      ...([3, 7, 14] as const).map((days) => {
                        const r = data.effectiveness[days][i];
                        return r.rate === null ? "—" : `${r.rate}% (${r.paidWithin})`;
                      }),
                    ])}
                  />
                </div>
              </BlockStack>
            </Card>
            {data.experiments.length ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">{t("reports.experiments")}</Text>
                  <div data-testid="experiments">
                    {data.experiments.map((r) => (
                      <InlineStack key={`${r.stepKey}-${r.variant}`} gap="300" blockAlign="center">
                        <Text as="span">{stepName(r.stepKey, t)} · {r.variant}: {t("reports.experimentRow", { sent: r.sent, rate: r.rate, low: r.low, high: r.high })}</Text>
                        <Form method="post">
                          <input type="hidden" name="stepKey" value={r.stepKey} /><input type="hidden" name="variant" value={r.variant} />
                          <Button submit size="slim">{t("reports.promote")}</Button>
                        </Form>
                      </InlineStack>
                    ))}
                  </div>
                </BlockStack>
              </Card>
            ) : null}
            {data.renewals.failed > 0 ? (
              <Card>
                <div data-testid="renewal-report">
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">{t("reports.renewals")}</Text>
                    <Text as="p">{t("reports.renewalsSummary", { recovered: data.renewals.recovered, failed: data.renewals.failed, amount: money(data.renewals.recoveredMinor) })}</Text>
                    <DataTable
                      columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
                      headings={[t("reports.renewalReason"), t("reports.renewalFailed"), t("reports.renewalRecovered"), t("reports.renewalRecovering"), t("reports.renewalRate"), t("reports.renewalAmount")]}
                      rows={data.renewals.byCode.map((r) => [errorCodeText(r.errorCode), r.failed, r.recovered, r.recovering, `${percent(r.rate)}%`, money(r.recoveredMinor)])}
                    />
                    <DataTable
                      columnContentTypes={["text", "numeric", "numeric"]}
                      headings={[t("reports.renewalDay"), t("reports.renewalRecovered"), t("reports.renewalAmount")]}
                      rows={data.renewals.byDay.map((r) => [t("reports.renewalDayN", { day: r.day }), r.recovered, money(r.recoveredMinor)])}
                    />
                  </BlockStack>
                </div>
              </Card>
            ) : null}
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">{t("reports.prediction")}</Text>
                <div data-testid="prediction-quality">
                  <PredictionQualityText quality={data.prediction} />
                </div>
              </BlockStack>
            </Card>
            {data.staff.length ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">{t("reports.perStaff")}</Text>
                  <div data-testid="per-staff">
                    <DataTable
                      columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
                      headings={[t("tasks.assignee"), t("reports.openTasks"), t("reports.doneTasks"), t("reports.openDisputes"), t("disputes.pastSla")]}
                      rows={data.staff.map((r) => [r.staff, r.openTasks, r.doneTasks, r.openDisputes, r.disputesPastSla])}
                    />
                  </div>
                </BlockStack>
              </Card>
            ) : null}
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">{t("reports.agingBySegment")}</Text>
                <div data-testid="aging-by-segment">
                  <DataTable
                    columnContentTypes={["text", ...AGING_BUCKETS.map(() => "numeric" as const)]}
                    headings={[t("receivables.segment"), ...AGING_BUCKETS.map((b) => t(`aging.${b}`))]}
                    rows={data.agingBySegment.map((r) => [r.segment, ...AGING_BUCKETS.map((b) => money(r.buckets[b]))])}
                  />
                </div>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">{t("reports.agingByCountry")}</Text>
                <DataTable
                  columnContentTypes={["text", ...AGING_BUCKETS.map(() => "numeric" as const)]}
                  headings={[t("receivables.country"), ...AGING_BUCKETS.map((b) => t(`aging.${b}`))]}
                  rows={data.agingByCountry.map((r) => [r.country, ...AGING_BUCKETS.map((b) => money(r.buckets[b]))])}
                />
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">{t("reports.exports")}</Text>
              {/* CSV for spreadsheets; the JSON of the same table keeps values exactly as stored, for other systems */}
              {EXPORTS.map((table) => (
                <Text as="p" key={table}>
                  <a href={`/app/export/${table}`} download data-testid={`export-${table}`}>{t(`reports.export.${table}`)}</a>
                  {" · "}
                  <a href={`/app/export/${table}.json`} download data-testid={`export-${table}-json`}>JSON</a>
                </Text>
              ))}
              <Text as="h2" variant="headingMd">{t("reports.perChannel")}</Text>
              {data.messagesPerChannel.map((c) => <Text as="p" key={c.channel}>{c.channel}: {c.count}</Text>)}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

type Quality = ReturnType<typeof useLoaderData<typeof loader>>["prediction"];

/** The model's measured quality, in the merchant's words: it is a prediction, and this is how often it is right. */
function PredictionQualityText({ quality }: { quality: Quality }) {
  const t = useT();
  const locale = useLocale();
  if (!quality) return <Text as="p">{t("reports.prediction.none")}</Text>;
  const date = dayText(quality.trainedAt, locale);
  if (quality.kind === "prior") return <Text as="p">{t("reports.prediction.prior", { examples: quality.examples, share: percent(quality.lateShare ?? 0) })}</Text>;
  if (quality.auc === null || quality.calibrationError === null) return <Text as="p">{t("reports.prediction.unchecked", { examples: quality.examples, date })}</Text>;
  return (
    <BlockStack gap="100">
      <Text as="p">{t("reports.prediction.learned", {
        examples: quality.examples, date, holdOut: quality.holdOut, auc: quality.auc.toLocaleString(locale, { maximumFractionDigits: 2 }),
        gap: (quality.calibrationError * 100).toLocaleString(locale, { maximumFractionDigits: 1 }),
      })}</Text>
      {quality.bins.map((b) => (
        <Text as="p" key={b.from} tone="subdued">{t("reports.prediction.band", { predicted: percent(b.meanPredicted), observed: percent(b.observed), count: b.count })}</Text>
      ))}
    </BlockStack>
  );
}
