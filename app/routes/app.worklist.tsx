import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, IndexTable, Page, Text } from "@shopify/polaris";
import db from "../db.server";
import { requireAdmin } from "../auth.server";
import { whoToCallToday } from "../services/insight/latePrediction";
import { formatMoney, type CurrencyCode } from "../domain/money";
import { useLocale, useT } from "../i18n/react";
import { bucketText, percent, reasonsText } from "../ui/predictionText";
import { dayText } from "../i18n/dates";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const rows = await whoToCallToday(db, shop.id, 50);
  return { rows: rows.map((r) => ({ ...r, dueAt: r.dueAt.toISOString() })) };
}

export default function Worklist() {
  const { rows } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const money = (minor: number, currency: string) => formatMoney(minor, currency as CurrencyCode, locale);
  return (
    <Page title={t("worklist.title")} subtitle={t("worklist.subtitle")}>
      <Card padding="0">
        {rows.length === 0 ? <div style={{ padding: 16 }}><Text as="p">{t("worklist.empty")}</Text></div> : (
          <IndexTable
            resourceName={{ singular: t("receivables.order"), plural: t("worklist.title") }}
            itemCount={rows.length}
            selectable={false}
            headings={[{ title: t("receivables.order") }, { title: t("receivables.customer") }, { title: t("receivables.outstanding"), alignment: "end" },
              { title: t("receivables.due") }, { title: t("worklist.chance"), alignment: "end" }, { title: t("worklist.likely") },
              { title: t("worklist.atRisk"), alignment: "end" }, { title: t("worklist.reasons") }]}
          >
            {rows.map((r, index) => (
              <IndexTable.Row id={r.receivableId} key={r.receivableId} position={index}>
                <IndexTable.Cell><div data-testid="worklist-row"><Link to={`/app/receivables/${r.receivableId}`}>{r.order}</Link></div></IndexTable.Cell>
                <IndexTable.Cell>{r.customerId ? <Link to={`/app/customers/${r.customerId}`}>{r.customer}</Link> : t("unknown")}</IndexTable.Cell>
                <IndexTable.Cell><Text as="span" alignment="end" numeric>{money(r.outstandingMinor, r.currency)}</Text></IndexTable.Cell>
                <IndexTable.Cell>{dayText(r.dueAt, locale)}</IndexTable.Cell>
                <IndexTable.Cell><Text as="span" alignment="end" numeric>{percent(r.lateProbability)}%</Text></IndexTable.Cell>
                <IndexTable.Cell>{bucketText(t, r.bucket)}</IndexTable.Cell>
                <IndexTable.Cell><Text as="span" alignment="end" numeric>{money(r.atRiskMinor, r.currency)}</Text></IndexTable.Cell>
                <IndexTable.Cell>{reasonsText(t, r.reasons)}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}
