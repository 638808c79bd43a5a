import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import db from "../db.server";
import { clock } from "../clock.server";
import { requireAdmin } from "../auth.server";
import { dayFromForm } from "../domain/time";
import { formatMoney, type CurrencyCode } from "../domain/money";
import { customerDetail } from "../services/customers/customerDetail";
import { pauseCustomer, PauseError, resumeCustomer } from "../services/followUp/pauseReminders";
import { screenOnDemand, ScreeningError, useAdvisedLimit } from "../services/customers/screening";
import { CustomerError } from "../services/customers/customerProfiles";
import { useLocale, useT } from "../i18n/react";
import { readForm } from "../http/readForm.server";
import { TimelineCard } from "../ui/TimelineCard";
import { PauseForm } from "../ui/PauseForm";
import { Fact } from "../ui/Fact";
import { ScreeningCard } from "../ui/ScreeningCard";
import { bucketText, percent } from "../ui/predictionText";
import { riskReasonsText } from "../i18n/riskReasons";
import { dayText, momentText } from "../i18n/dates";
import { refusedBy, refusedJson } from "../http/refused.server";
import { refusedText } from "../i18n/refusals";
import type { Refusal } from "../domain/refusals";

const iso = (date: Date | null) => date?.toISOString() ?? null;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const detail = await customerDetail(db, shop.id, params.id ?? "", clock());
  if (!detail) throw new Response("No such customer in this shop", { status: 404 });
  const { summary } = detail;
  return {
    ...detail,
    pausedUntil: detail.pausedUntil?.toISOString() ?? null,
    screening: {
      ...detail.screening, vatCheckedAt: iso(detail.screening.vatCheckedAt), bureauCheckedAt: iso(detail.screening.bureauCheckedAt), screenedAt: iso(detail.screening.screenedAt),
    },
    timeline: detail.timeline.map((e) => ({ ...e, at: e.at.toISOString() })),
    currency: summary.currency as CurrencyCode,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const form = await readForm(request);
  const id = params.id ?? "";
  const now = clock();
  try {
    switch (form.get("intent")) {
      case "pause":
        await pauseCustomer(db, shop.id, id, dayFromForm(String(form.get("until") ?? ""), 23), String(form.get("reason") ?? ""), now);
        break;
      case "resume":
        await resumeCustomer(db, shop.id, id, now);
        break;
      case "screen":
        await screenOnDemand(db, shop.id, id, now, String(form.get("vatNumber") ?? ""));
        break;
      case "use_advised_limit":
        await useAdvisedLimit(db, shop, id, now);
        break;
      default:
        return refusedJson({ code: "unknown_action" }, "unknown action");
    }
    return Response.json({ ok: true });
  } catch (error) {
    if (error instanceof PauseError || error instanceof ScreeningError || error instanceof CustomerError) return refusedBy(error);
    throw error;
  }
}

const RISK_TONE = { low: "success", medium: "attention", high: "critical" } as const;

export default function CustomerPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; error?: string; refusal?: Refusal }>();
  const t = useT();
  const locale = useLocale();
  const money = (minor: number, currency: string = data.currency) => formatMoney(minor, currency as CurrencyCode, locale);
  const day = (iso: string) => dayText(iso, locale);
  const when = (iso: string) => momentText(iso, locale);
  const { summary } = data;
  return (
    <Page title={data.name} subtitle={[data.company && data.company !== data.name ? data.company : null, data.email, data.countryCode].filter(Boolean).join(" · ")}
      backAction={{ content: t("customers.title"), url: "/app/customers" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.error ? <Banner tone="critical">{refusedText(result, t)}</Banner> : null}
            {data.pausedUntil ? (
              <Banner tone="warning"><span data-testid="customer-paused">{t("customerPage.pausedUntil", { when: day(data.pausedUntil), reason: data.pauseReason ?? "" })}</span></Banner>
            ) : null}
            <Card>
              <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
                <Fact label={t("customers.exposure")} value={money(summary.exposureMinor)} testId="customer-exposure" />
                <Fact label={t("customers.overdue")} value={money(summary.overdueMinor)} testId="customer-overdue" />
                <Fact label={t("customers.creditLimit")} value={summary.creditLimitMinor === null ? "—" : money(summary.creditLimitMinor)} />
                <div data-testid="customer-risk">
                  <Text as="p" tone="subdued">{t("customers.risk")}</Text>
                  <Badge tone={RISK_TONE[summary.risk.level]}>{t(`risk.${summary.risk.level}`)}</Badge>
                  {summary.risk.reasons.length ? <Text as="p" tone="subdued" variant="bodySm">{riskReasonsText(summary.risk.reasons, t)}</Text> : null}
                </div>
              </InlineGrid>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">{t("customerPage.openOrders")}</Text>
                <div data-testid="customer-orders">
                  {summary.openOrders.length === 0 ? <Text as="p" tone="subdued">{t("customerPage.noOpenOrders")}</Text> : (
                    <BlockStack gap="100">
                      {summary.openOrders.map((o) => (
                        <InlineStack key={o.receivableId} gap="300" wrap={false}>
                          <Link to={`/app/receivables/${o.receivableId}`}>{o.order}</Link>
                          <Text as="span" numeric>{money(o.outstandingMinor)}</Text>
                          <Text as="span" tone="subdued">{t("customerPage.due", { date: day(o.dueDate) })}</Text>
                          {data.forecasts[o.receivableId] ? (
                            <Text as="span" tone="subdued">{t("customerPage.forecast", { chance: percent(data.forecasts[o.receivableId].lateProbability), bucket: bucketText(t, data.forecasts[o.receivableId].bucket) })}</Text>
                          ) : null}
                          {o.state !== "open" ? <Badge>{o.state === "paused" ? t("customerPage.paused") : t(`workflow.${o.state}` as "workflow.disputed")}</Badge> : null}
                        </InlineStack>
                      ))}
                    </BlockStack>
                  )}
                </div>
                <Text as="p" tone="subdued">
                  {t("customerPage.record", { promises: summary.brokenPromises, arrangements: summary.brokenArrangements, disputes: summary.openDisputes })}
                </Text>
              </BlockStack>
            </Card>
            <TimelineCard title={t("customerPage.timeline")} testId="customer-timeline" when={when} money={money}
              entries={data.timeline.map((e) => ({ ...e, order: { name: e.order, receivableId: e.receivableId } }))} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            {data.pausedUntil ? (
              <Form method="post"><input type="hidden" name="intent" value="resume" /><Button submit>{t("customerPage.resume")}</Button></Form>
            ) : <PauseForm title={t("customerPage.pause")} />}
            <ScreeningCard screening={data.screening} money={(minor) => money(minor)} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
