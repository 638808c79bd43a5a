import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import db from "../db.server";
import { clock } from "../clock.server";
import { requireAdmin } from "../auth.server";
import { readForm } from "../http/readForm.server";
import { pageParam } from "../ui/pageParam";
import { formatMoney, type CurrencyCode } from "../domain/money";
import { StatementFormatError } from "../domain/bank/statement";
import { demoStatementXml } from "../demo/demoStatement";
import { bankSummary, ENTRY_FILTERS, listBankEntries, type BankEntryView, type EntryFilter } from "../services/payments/bankEntryList";
import { deskShop, importStatement, reviewEntry, type ReviewAction } from "../services/payments/paymentsDesk.server";
import { ReviewError } from "../services/payments/reviewQueue";
import { useLocale, useT } from "../i18n/react";
import type { MessageKey } from "../i18n";
import { dayText } from "../i18n/dates";

/** A month of a busy shop's CAMT.053 fits easily; past this the upload is refused with 413. */
const MAX_STATEMENT_BYTES = 32 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, demo } = await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  const filter = (ENTRY_FILTERS as readonly string[]).includes(params.get("show") ?? "") ? (params.get("show") as EntryFilter) : "review";
  const page = pageParam(params);
  const [list, summary] = await Promise.all([listBankEntries(db, shop.id, filter, page), bankSummary(db, shop.id, shop.currency, clock())]);
  return { ...list, summary, filter, page, demo, currency: shop.currency };
}

type ActionResult = { ok: true; imported?: { entries: number; alreadyImported: number; matched: number; review: number; unmatched: number; pending: number } } | { ok: false; error: string };

function reviewActionOf(form: FormData): ReviewAction | null {
  const entryId = String(form.get("entryId") ?? "");
  switch (form.get("intent")) {
    case "accept": return { intent: "accept", entryId };
    case "allocate": return { intent: "allocate", entryId, orders: String(form.get("orders") ?? "") };
    case "not_ours": return { intent: "not_ours", entryId };
  }
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop, demo } = await requireAdmin(request);
  const form = await readForm(request, MAX_STATEMENT_BYTES);
  const now = clock();
  const desk = await deskShop(shop.id);
  const fail = (error: string) => Response.json({ ok: false, error } satisfies ActionResult, { status: 400 });
  try {
    const intent = form.get("intent");
    if (intent === "import" || intent === "import_demo") {
      let content: string;
      let fileName: string | null = null;
      if (intent === "import_demo") {
        if (!demo) return fail("the demo statement is only for the demo shop");
        content = await demoStatementXml(db, shop.id, now);
        fileName = "demo-statement.xml";
      } else {
        const file = form.get("statement");
        if (!(file instanceof File) || file.size === 0) return fail("choose a statement file to import");
        content = new TextDecoder("utf-8", { fatal: false }).decode(await file.arrayBuffer());
        fileName = file.name.slice(0, 200);
      }
      const imported = await importStatement(desk, content, fileName, now);
      return Response.json({ ok: true, imported } satisfies ActionResult);
    }
    const review = reviewActionOf(form);
    if (!review) return fail("unknown action");
    await reviewEntry(desk, review, now);
    return Response.json({ ok: true } satisfies ActionResult);
  } catch (error) {
    if (error instanceof StatementFormatError) return fail(`the file was not imported: ${error.message}`);
    if (error instanceof ReviewError) return fail(error.message);
    throw error;
  }
}

function EntryCard({ entry, money }: { entry: BankEntryView; money: (minor: number, currency: string) => string }) {
  const t = useT();
  const locale = useLocale();
  const [orders, setOrders] = useState("");
  const open = entry.status === "review" || entry.status === "unmatched";
  const canPay = open && entry.direction === "credit" && !entry.reversal;
  return (
    <Card>
      <div data-testid="bank-entry" data-status={entry.status}>
        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="center">
            <InlineStack gap="200" blockAlign="center">
              <Text as="span" variant="headingSm">{entry.direction === "debit" ? "−" : "+"}{money(entry.amountMinor, entry.currency)}</Text>
              <Text as="span" tone="subdued">{dayText(entry.bookedOn, locale)}</Text>
              <Badge tone={entry.status === "matched" ? "success" : open ? "attention" : undefined}>{t(`bank.status.${entry.status}` as MessageKey)}</Badge>
              {entry.direction === "credit" && entry.confidence > 0 ? <Text as="span" tone="subdued">{t("bank.confidence", { value: entry.confidence })}</Text> : null}
            </InlineStack>
          </InlineStack>
          <Text as="p">{[entry.counterpartyName, entry.counterpartyIban].filter(Boolean).join(" · ")}</Text>
          <Text as="p" tone="subdued">{[entry.structuredReference, entry.remittance].filter(Boolean).join(" · ")}</Text>
          {entry.reasons.length ? <Text as="p" tone="subdued">{entry.reasons.map((r) => t(`bank.reason.${r}` as MessageKey)).join(", ")}</Text> : null}
          {entry.reversal && open ? <Banner tone="warning">{t("bank.returned")}</Banner> : null}
          {entry.orders.length ? (
            <BlockStack gap="100">
              <Text as="p" fontWeight="semibold">{entry.status === "matched" ? t("bank.appliedTo") : t("bank.proposal")}</Text>
              {entry.orders.map((o) => (
                <InlineStack key={o.receivableId} gap="200">
                  <Link to={`/app/receivables/${o.receivableId}`}>{o.orderName}</Link>
                  <Text as="span">{money(o.amountMinor, entry.currency)}</Text>
                  {o.writeBack ? <Text as="span" tone={o.writeBack === "not_allowed" ? "critical" : "subdued"}>{t(`bank.writeBack.${o.writeBack}` as MessageKey, { reason: o.writeBackError ?? "" })}</Text> : null}
                </InlineStack>
              ))}
            </BlockStack>
          ) : null}
          {entry.status === "matched" && entry.creditMinor > 0 ? <Text as="p">{t("bank.credit", { amount: money(entry.creditMinor, entry.currency) })}</Text> : null}
          {open ? (
            <InlineStack gap="200" blockAlign="end">
              {canPay && entry.orders.length ? (
                <Form method="post"><input type="hidden" name="entryId" value={entry.id} /><input type="hidden" name="intent" value="accept" /><Button submit variant="primary">{t("bank.accept")}</Button></Form>
              ) : null}
              {canPay ? (
                <Form method="post">
                  <input type="hidden" name="entryId" value={entry.id} /><input type="hidden" name="intent" value="allocate" />
                  <InlineStack gap="200" blockAlign="end">
                    <TextField label={t("bank.orders")} name="orders" value={orders} onChange={setOrders} autoComplete="off" />
                    <Button submit>{t("bank.allocate")}</Button>
                  </InlineStack>
                </Form>
              ) : null}
              <Form method="post"><input type="hidden" name="entryId" value={entry.id} /><input type="hidden" name="intent" value="not_ours" /><Button submit>{entry.reversal ? t("bank.handled") : t("bank.notOurs")}</Button></Form>
            </InlineStack>
          ) : null}
        </BlockStack>
      </div>
    </Card>
  );
}

export default function Bank() {
  const { entries, hasMore, summary, filter, page, demo, currency } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const [params, setParams] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const money = (minor: number, c: string) => formatMoney(minor, c as CurrencyCode, locale);
  return (
    <Page title={t("bank.title")}>
      <BlockStack gap="300">
        {result && !result.ok ? <Banner tone="critical"><span data-testid="bank-error">{result.error}</span></Banner> : null}
        {result?.ok && result.imported ? (
          <Banner tone="success"><span data-testid="bank-imported">{t("bank.imported", {
            entries: result.imported.entries, already: result.imported.alreadyImported, matched: result.imported.matched,
            review: result.imported.review, unmatched: result.imported.unmatched,
          })}{result.imported.pending ? ` ${t("bank.pending", { count: result.imported.pending })}` : ""}</span></Banner>
        ) : null}
        {summary.pending ? <Banner tone="info"><span data-testid="bank-pending">{t("bank.pending", { count: summary.pending })}</span></Banner> : null}
        <Card>
          <InlineStack gap="800">
            <BlockStack><Text as="span" tone="subdued">{t("bank.summary.waiting")}</Text><Text as="span" variant="headingLg"><span data-testid="bank-waiting">{summary.waiting}</span></Text></BlockStack>
            <BlockStack><Text as="span" tone="subdued">{t("bank.summary.today")}</Text><Text as="span" variant="headingLg">{money(summary.receivedTodayMinor, currency)}</Text></BlockStack>
            <BlockStack><Text as="span" tone="subdued">{t("bank.summary.matched")}</Text><Text as="span" variant="headingLg">{summary.matchedAuto} / {summary.matchedByHand}</Text></BlockStack>
          </InlineStack>
        </Card>
        <Card>
          <BlockStack gap="200">
            <Text as="p">{t("bank.intro")}</Text>
            <Form method="post" encType="multipart/form-data">
              <input type="hidden" name="intent" value="import" />
              <InlineStack gap="200" blockAlign="center">
                <label>{t("bank.file")} <input type="file" name="statement" accept=".xml,.053,.940,.sta,.mt940,.txt,.csv" data-testid="statement-file" /></label>
                <Button submit variant="primary">{t("bank.import")}</Button>
              </InlineStack>
            </Form>
            {demo ? (
              <InlineStack gap="300" blockAlign="center">
                <Form method="post"><input type="hidden" name="intent" value="import_demo" /><Button submit>{t("bank.importDemo")}</Button></Form>
                <a href="/app/bank/demo-statement.xml" download>{t("bank.downloadDemo")}</a>
              </InlineStack>
            ) : null}
          </BlockStack>
        </Card>
        <Card>
          <Select label={t("bank.filter")} value={filter}
            options={ENTRY_FILTERS.map((f) => ({ label: t(`bank.status.${f}` as MessageKey), value: f }))}
            onChange={(value) => setParams({ show: value })} />
        </Card>
        {entries.length === 0 ? <Card><Text as="p">{t("bank.empty")}</Text></Card> : null}
        {entries.map((entry) => <EntryCard key={entry.id} entry={entry} money={money} />)}
        {hasMore ? <Link to={`?${new URLSearchParams({ ...Object.fromEntries(params), page: String(page + 1) })}`}>{t("bank.more")}</Link> : null}
      </BlockStack>
    </Page>
  );
}
