import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, IndexTable, InlineStack, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import db from "../db.server";
import { cursorParam } from "../ui/pageParam";
import { useQueryNavigation } from "../ui/useQueryNavigation";
import { clock } from "../clock.server";
import { requireAdmin } from "../auth.server";
import { CustomerError, listCustomers, setCreditLimit } from "../services/customers/customerProfiles";
import { formatMoney, toDecimalString, type CurrencyCode } from "../domain/money";
import { useLocale, useT } from "../i18n/react";
import { readForm } from "../http/readForm.server";
import { riskReasonsText } from "../i18n/riskReasons";

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  const search = (params.get("q") ?? "").slice(0, 100);
  const list = await listCustomers(db, shop.id, clock(), { cursor: cursorParam(params, "text", true), pageSize: PAGE_SIZE, search });
  return { ...list, currency: shop.currency, search };
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const form = await readForm(request);
  try {
    await setCreditLimit(db, shop.id, String(form.get("customerId") ?? ""), String(form.get("creditLimit") ?? ""), shop.currency, clock());
    return Response.json({ ok: true });
  } catch (error) {
    if (error instanceof CustomerError) return Response.json({ ok: false, error: error.message }, { status: 400 });
    throw error;
  }
}

const TONE = { low: "success", medium: "attention", high: "critical" } as const;

export default function Customers() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; error?: string }>();
  const t = useT();
  const locale = useLocale();
  const [search, setSearch] = useState(data.search);
  const money = (minor: number) => formatMoney(minor, data.currency as CurrencyCode, locale);
  const go = useQueryNavigation();
  return (
    <Page title={t("customers.title")} subtitle={t(data.totalIsLowerBound ? "customers.countAtLeast" : "customers.count", { count: data.total })}>
      <BlockStack gap="300">
        {result?.error ? <Banner tone="critical">{result.error}</Banner> : null}
        <Card>
          <InlineStack gap="200" blockAlign="end">
            <TextField label={t("customers.search")} value={search} onChange={setSearch} autoComplete="off" />
            <Button onClick={() => go({ q: search, cursor: "" })}>{t("customers.find")}</Button>
          </InlineStack>
        </Card>
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: t("customers.one"), plural: t("customers.title") }}
            itemCount={data.rows.length}
            selectable={false}
            headings={[{ title: t("receivables.customer") }, { title: t("receivables.country") }, { title: t("customers.exposure"), alignment: "end" },
              { title: t("customers.overdue"), alignment: "end" }, { title: t("customers.behaviour") }, { title: t("customers.risk") }, { title: t("customers.creditLimit") }]}
            pagination={{
              hasPrevious: Boolean(data.previous), hasNext: Boolean(data.next),
              onPrevious: () => go({ cursor: data.previous ?? "" }), onNext: () => go({ cursor: data.next ?? "" }),
            }}
          >
            {data.rows.map((c, index) => (
              <IndexTable.Row id={c.id} key={c.id} position={index}>
                <IndexTable.Cell>
                  <div data-testid="customer-row"><Link to={`/app/customers/${c.id}`}><Text as="span" fontWeight="semibold">{c.name}</Text></Link></div>
                  {c.emailStoppedReason !== null ? (
                    <span title={c.emailStoppedReason} data-testid="email-stopped"><Badge tone="critical">{t("customers.emailStopped", { email: c.email ?? "" })}</Badge></span>
                  ) : null}
                </IndexTable.Cell>
                <IndexTable.Cell>{c.countryCode ?? "—"}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>{money(c.profile.openExposureMinor)}</Text>
                  {c.creditMinor > 0 ? <span data-testid="customer-credit"><Badge tone="info">{t("customers.credit", { amount: money(c.creditMinor) })}</Badge></span> : null}
                </IndexTable.Cell>
                <IndexTable.Cell><Text as="span" alignment="end" numeric>{money(c.profile.overdueMinor)}</Text></IndexTable.Cell>
                <IndexTable.Cell>{t("customers.behaviourText", { onTime: c.profile.paidOnTime, late: c.profile.paidLate, avg: c.profile.averageDaysLate })}</IndexTable.Cell>
                <IndexTable.Cell>
                  <span title={riskReasonsText(c.risk.reasons, t)}><Badge tone={TONE[c.risk.level]}>{t(`risk.${c.risk.level}`)}</Badge></span>
                  {c.risk.reasons.length ? <Text as="p" tone="subdued" variant="bodySm">{riskReasonsText(c.risk.reasons, t)}</Text> : null}
                </IndexTable.Cell>
                <IndexTable.Cell><CreditLimit customerId={c.id} value={c.creditLimitMinor === null ? "" : toDecimalString(c.creditLimitMinor, data.currency as CurrencyCode)} /></IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}

function CreditLimit({ customerId, value }: { customerId: string; value: string }) {
  const t = useT();
  const [limit, setLimit] = useState(value);
  return (
    <Form method="post">
      <input type="hidden" name="customerId" value={customerId} /><input type="hidden" name="creditLimit" value={limit} />
      <InlineStack gap="100" wrap={false}>
        <TextField label={t("customers.creditLimit")} labelHidden value={limit} onChange={setLimit} autoComplete="off" placeholder="—" />
        <Button submit size="slim">{t("customers.save")}</Button>
      </InlineStack>
    </Form>
  );
}
