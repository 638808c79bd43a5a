import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigate, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, IndexTable, InlineStack, Page, Select, Tabs, Text, TextField, useIndexResourceState } from "@shopify/polaris";
import { useState } from "react";
import { pauseReceivable, resumeReceivable } from "../services/followUp/pauseReminders";
import { closeFollowUp, requestSendNow } from "../services/ledger/receivableDetail";
import { WorkflowError } from "../domain/workflow";
import db from "../db.server";
import { useQueryNavigation } from "../ui/useQueryNavigation";
import { clock } from "../clock.server";
import { requireAdmin } from "../auth.server";
import { listReceivables } from "../services/insight/dashboard";
import { decodeCursor, RECEIVABLE_FILTERS, RECEIVABLE_SORTS, type ReceivableFilter, type ReceivableSort } from "../domain/receivableQuery";
import { AGING_BUCKETS, type AgingBucket } from "../domain/aging";
import { RECEIVABLE_KINDS, type ReceivableKind } from "../domain/renewals";
import { formatMoney, parseMinor, type CurrencyCode } from "../domain/money";
import { useLocale, useT } from "../i18n/react";
import { readForm } from "../http/readForm.server";
import { dayText } from "../i18n/dates";

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  const requested = params.get("filter") ?? "open";
  if (!(RECEIVABLE_FILTERS as readonly string[]).includes(requested)) {
    throw new Response(`Unknown filter "${requested}"; use one of ${RECEIVABLE_FILTERS.join(", ")}`, { status: 400 });
  }
  const country = (params.get("country") ?? "").toUpperCase();
  if (country && !/^[A-Z]{2}$/.test(country)) throw new Response("Country must be a two-letter code such as NL", { status: 400 });
  const minText = params.get("min") ?? "";
  let minOutstandingMinor: number | undefined;
  if (minText) {
    try {
      minOutstandingMinor = parseMinor(minText, shop.currency as CurrencyCode);
    } catch {
      throw new Response("The minimum amount must be an amount such as 100.00", { status: 400 });
    }
  }
  const search = (params.get("q") ?? "").slice(0, 100);
  const segments = await db.segment.findMany({ where: { shopId: shop.id }, orderBy: { position: "asc" }, select: { id: true, name: true } });
  const segment = params.get("segment") ?? "";
  const bucket = (params.get("bucket") ?? "") as AgingBucket | "";
  if (bucket && !(AGING_BUCKETS as readonly string[]).includes(bucket)) throw new Response(`Unknown aging bucket; use one of ${AGING_BUCKETS.join(", ")}`, { status: 400 });
  const kind = params.get("kind") ?? "";
  if (kind && !(RECEIVABLE_KINDS as readonly string[]).includes(kind)) throw new Response(`Unknown kind; use one of ${RECEIVABLE_KINDS.join(", ")}`, { status: 400 });
  const sort = params.get("sort") ?? "";
  if (sort && !(RECEIVABLE_SORTS as readonly string[]).includes(sort)) throw new Response(`Unknown sort; use one of ${RECEIVABLE_SORTS.join(", ")}`, { status: 400 });
  if (segment && !segments.some((s) => s.id === segment)) throw new Response("Unknown segment", { status: 400 });
  const cursorText = params.get("cursor") ?? "";
  const cursor = cursorText ? decodeCursor(cursorText, (sort || "due_asc") as ReceivableSort) : null;
  if (cursorText && !cursor) throw new Response("Invalid page cursor: open the list from its first page", { status: 400 });
  const now = clock();
  const { total, totalIsLowerBound, rows, next, previous } = await listReceivables(db, shop.id, now, {
    filter: requested as ReceivableFilter, cursor, pageSize: PAGE_SIZE, search, country: country || undefined, minOutstandingMinor,
    segmentId: segment || undefined, assignee: (params.get("assignee") ?? "").slice(0, 100) || undefined,
    bucket: bucket || undefined, sort: (sort || undefined) as ReceivableSort | undefined, kind: (kind || undefined) as ReceivableKind | undefined,
  });
  return {
    filter: requested, next, previous, total, totalIsLowerBound, pageSize: PAGE_SIZE, search, country, min: minText, segment, segments,
    assignee: params.get("assignee") ?? "", bucket, sort: sort || "due_asc", kind,
    rows: rows.map((r) => ({
      id: r.id, order: r.orderName, currency: r.currency, renewal: r.kind === "renewal",
      customer: r.customer ? (r.customer.company || [r.customer.firstName, r.customer.lastName].filter(Boolean).join(" ") || r.customer.email) : null,
      country: r.customer?.countryCode ?? null,
      issuedAt: r.issuedAt.toISOString(), dueAt: r.dueAt.toISOString(),
      totalMinor: Number(r.totalMinor), outstandingMinor: Number(r.outstandingMinor),
      status: r.status === "open" && r.dueAt < now ? "overdue" : r.status,
    })),
  };
}

const BULK_PAUSE_DAYS = 14;

/** Bulk actions on the selected receivables; each one is checked to belong to this shop. */
export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const form = await readForm(request);
  const ids = form.getAll("id").map(String).slice(0, 250);
  const now = clock();
  const own = await db.receivable.findMany({ where: { shopId: shop.id, id: { in: ids }, status: "open" }, select: { id: true } });
  let refused = 0;
  for (const { id } of own) {
    switch (form.get("intent")) {
      case "pause":
        await pauseReceivable(db, shop.id, id, new Date(now.getTime() + BULK_PAUSE_DAYS * 86_400_000), "paused from the receivables list", now);
        break;
      case "resume":
        await resumeReceivable(db, shop.id, id, now);
        break;
      case "handed_over":
        // a disputed order or one in an arrangement is not handed over: the rest of the selection is
        try {
          await closeFollowUp(db, shop.id, id, "handed_over", "handed over from the receivables list", now);
        } catch (error) {
          if (!(error instanceof WorkflowError)) throw error;
          refused += 1;
        }
        break;
      case "send_now":
        await requestSendNow(db, shop.id, [id], now);
        break;
      default:
        return Response.json({ ok: false, error: "unknown action" }, { status: 400 });
    }
  }
  return Response.json({ ok: true, count: own.length - refused, refused });
}

const TONE = { overdue: "critical", open: "attention", paid: "success", cancelled: undefined } as const;

export default function Receivables() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const go = useQueryNavigation();
  const result = useActionData<{ ok: boolean; count?: number; error?: string }>();
  const submit = useSubmit();
  const [search, setSearch] = useState(data.search);
  const [country, setCountry] = useState(data.country);
  const [min, setMin] = useState(data.min);
  const [segment, setSegment] = useState(data.segment);
  const [assignee, setAssignee] = useState(data.assignee);
  const [bucket, setBucket] = useState<string>(data.bucket);
  const [sort, setSort] = useState<string>(data.sort);
  const [kind, setKind] = useState<string>(data.kind);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(data.rows);
  const bulk = (intent: string) => () => {
    const form = new FormData();
    form.set("intent", intent);
    for (const id of allResourcesSelected ? data.rows.map((r) => r.id) : selectedResources) form.append("id", id);
    submit(form, { method: "post" });
    clearSelection();
  };
  const date = (iso: string) => dayText(iso, locale);
  const tabs = RECEIVABLE_FILTERS.map((f) => ({ id: `filter-${f}`, content: t(`filter.${f}`) }));
  return (
    <Page title={t("receivables.title")} subtitle={t(data.totalIsLowerBound ? "receivables.countAtLeast" : "receivables.count", { count: data.total })}>
      <BlockStack gap="300">
      {result?.ok ? <Banner tone="success">{t("receivables.bulkDone", { count: result.count ?? 0 })}</Banner> : null}
      <Card>
        <InlineStack gap="200" blockAlign="end">
          <TextField label={t("receivables.search")} value={search} onChange={setSearch} autoComplete="off" />
          <TextField label={t("receivables.country")} value={country} onChange={setCountry} autoComplete="off" placeholder="NL" />
          <TextField label={t("receivables.minOutstanding")} value={min} onChange={setMin} autoComplete="off" placeholder="100.00" />
          <Select label={t("receivables.segment")} value={segment} onChange={setSegment}
            options={[{ label: t("filter.all"), value: "" }, ...data.segments.map((s) => ({ label: s.name, value: s.id }))]} />
          <TextField label={t("receivables.assignee")} value={assignee} onChange={setAssignee} autoComplete="off" />
          <Select label={t("receivables.bucket")} value={bucket} onChange={setBucket}
            options={[{ label: t("filter.all"), value: "" }, ...AGING_BUCKETS.map((b) => ({ label: t(`aging.${b}`), value: b }))]} />
          <Select label={t("receivables.kind")} value={kind} onChange={setKind}
            options={[{ label: t("filter.all"), value: "" }, ...RECEIVABLE_KINDS.map((k) => ({ label: t(`receivables.kind.${k}`), value: k }))]} />
          <Select label={t("receivables.sort")} value={sort} onChange={setSort}
            options={RECEIVABLE_SORTS.map((s) => ({ label: t(`sort.${s}`), value: s }))} />
          <Button onClick={() => go({ q: search, country, min, segment, assignee, bucket, kind, sort, cursor: "" })}>{t("receivables.apply")}</Button>
        </InlineStack>
      </Card>
      <Card padding="0">
        <Tabs tabs={tabs} selected={RECEIVABLE_FILTERS.indexOf(data.filter as ReceivableFilter)}
          onSelect={(i) => go({ filter: RECEIVABLE_FILTERS[i], cursor: "" })} />
        <IndexTable
          resourceName={{ singular: t("receivables.order"), plural: t("receivables.title") }}
          itemCount={data.rows.length}
          selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
          onSelectionChange={handleSelectionChange}
          promotedBulkActions={[
            { content: t("receivables.bulkPause"), onAction: bulk("pause") },
            { content: t("receivables.bulkResume"), onAction: bulk("resume") },
            { content: t("receivables.bulkHandOver"), onAction: bulk("handed_over") },
            { content: t("receivables.bulkSendNow"), onAction: bulk("send_now") },
          ]}
          emptyState={<Text as="p" alignment="center">{t("receivables.empty")}</Text>}
          headings={[
            { title: t("receivables.order") }, { title: t("receivables.customer") }, { title: t("receivables.country") },
            { title: t("receivables.issued") }, { title: t("receivables.due") },
            { title: t("receivables.total"), alignment: "end" }, { title: t("receivables.outstanding"), alignment: "end" },
            { title: t("receivables.status") },
          ]}
          pagination={{
            hasPrevious: data.previous !== null, hasNext: data.next !== null,
            onPrevious: () => go({ cursor: data.previous ?? "" }), onNext: () => go({ cursor: data.next ?? "" }),
          }}
        >
          {data.rows.map((row, index) => (
            <IndexTable.Row id={row.id} key={row.id} position={index} selected={selectedResources.includes(row.id)}>
              <IndexTable.Cell>
                <InlineStack gap="100" blockAlign="center" wrap={false}>
                  <Button variant="plain" onClick={() => navigate(`/app/receivables/${row.id}`)}>{row.order}</Button>
                  {row.renewal ? <Badge tone="info">{t("kind.renewal")}</Badge> : null}
                </InlineStack>
              </IndexTable.Cell>
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
      </BlockStack>
    </Page>
  );
}
