import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { Badge, Card, IndexTable, Page, Tabs, Text } from "@shopify/polaris";
import db from "../db.server";
import { clock } from "../clock.server";
import { requireAdmin } from "../auth.server";
import { listReceivables, RECEIVABLE_FILTERS, type ReceivableFilter } from "../services/dashboard";
import { formatMoney, type CurrencyCode } from "../domain/money";
import { useLocale, useT } from "../i18n/react";

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  const requested = params.get("filter") ?? "open";
  if (!(RECEIVABLE_FILTERS as readonly string[]).includes(requested)) {
    throw new Response(`Unknown filter "${requested}"; use one of ${RECEIVABLE_FILTERS.join(", ")}`, { status: 400 });
  }
  const page = Number(params.get("page") ?? "1");
  if (!Number.isInteger(page) || page < 1 || page > 100_000) throw new Response("Invalid page number", { status: 400 });
  const now = clock();
  const { total, rows } = await listReceivables(db, shop.id, now, { filter: requested as ReceivableFilter, page, pageSize: PAGE_SIZE });
  return {
    filter: requested, page, total, pageSize: PAGE_SIZE,
    rows: rows.map((r) => ({
      id: r.id, order: r.orderName, currency: r.currency,
      customer: r.customer ? (r.customer.company || [r.customer.firstName, r.customer.lastName].filter(Boolean).join(" ") || r.customer.email) : null,
      country: r.customer?.countryCode ?? null,
      issuedAt: r.issuedAt.toISOString(), dueAt: r.dueAt.toISOString(),
      totalMinor: Number(r.totalMinor), outstandingMinor: Number(r.outstandingMinor),
      status: r.status === "open" && r.dueAt < now ? "overdue" : r.status,
    })),
  };
}

const TONE = { overdue: "critical", open: "attention", paid: "success", cancelled: undefined } as const;

export default function Receivables() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const go = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    navigate(`?${next.toString()}`);
  };
  const date = (iso: string) => new Date(iso).toLocaleDateString(locale, { timeZone: "UTC" });
  const tabs = RECEIVABLE_FILTERS.map((f) => ({ id: `filter-${f}`, content: t(`filter.${f}`) }));
  return (
    <Page title={t("receivables.title")} subtitle={t("receivables.count", { count: data.total })}>
      <Card padding="0">
        <Tabs tabs={tabs} selected={RECEIVABLE_FILTERS.indexOf(data.filter as ReceivableFilter)}
          onSelect={(i) => go({ filter: RECEIVABLE_FILTERS[i], page: "1" })} />
        <IndexTable
          resourceName={{ singular: t("receivables.order"), plural: t("receivables.title") }}
          itemCount={data.rows.length}
          selectable={false}
          emptyState={<Text as="p" alignment="center">{t("receivables.empty")}</Text>}
          headings={[
            { title: t("receivables.order") }, { title: t("receivables.customer") }, { title: t("receivables.country") },
            { title: t("receivables.issued") }, { title: t("receivables.due") },
            { title: t("receivables.total"), alignment: "end" }, { title: t("receivables.outstanding"), alignment: "end" },
            { title: t("receivables.status") },
          ]}
          pagination={{
            hasPrevious: data.page > 1, hasNext: data.page * data.pageSize < data.total,
            onPrevious: () => go({ page: String(data.page - 1) }), onNext: () => go({ page: String(data.page + 1) }),
          }}
        >
          {data.rows.map((row, index) => (
            <IndexTable.Row id={row.id} key={row.id} position={index} onClick={() => navigate(`/app/receivables/${row.id}`)}>
              <IndexTable.Cell><Text as="span" fontWeight="semibold">{row.order}</Text></IndexTable.Cell>
              <IndexTable.Cell>{row.customer ?? t("unknown")}</IndexTable.Cell>
              <IndexTable.Cell>{row.country ?? "—"}</IndexTable.Cell>
              <IndexTable.Cell>{date(row.issuedAt)}</IndexTable.Cell>
              <IndexTable.Cell>{date(row.dueAt)}</IndexTable.Cell>
              <IndexTable.Cell><Text as="span" alignment="end" numeric>{formatMoney(row.totalMinor, row.currency as CurrencyCode, locale)}</Text></IndexTable.Cell>
              <IndexTable.Cell><Text as="span" alignment="end" numeric>{formatMoney(row.outstandingMinor, row.currency as CurrencyCode, locale)}</Text></IndexTable.Cell>
              <IndexTable.Cell><Badge tone={TONE[row.status as keyof typeof TONE]}>{t(`status.${row.status}` as "status.open")}</Badge></IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </Card>
    </Page>
  );
}
