import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { WorkflowError } from "../domain/workflow";
import { dayFromForm } from "../domain/time";
import db from "../db.server";
import { clock } from "../clock.server";
import { requireAdmin } from "../auth.server";
import { findByOrderName } from "../services/ledger/receivableDetail";
import { ArrangementError, decideArrangement, proposeArrangement } from "../services/arrangements/arrangements";
import { listArrangements } from "../services/arrangements/arrangementList";
import { noticeDeps } from "../services/ingest/queueRunner.server";
import { formatMoney, type CurrencyCode } from "../domain/money";
import { useLocale, useT } from "../i18n/react";
import { readForm } from "../http/readForm.server";
import { dayText } from "../i18n/dates";
import { refusedBy, refusedJson } from "../http/refused.server";
import { refusedText } from "../i18n/refusals";
import type { Refusal } from "../domain/refusals";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  return { arrangements: await listArrangements(db, shop.id, clock()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const form = await readForm(request);
  const now = clock();
  try {
    if (form.get("intent") === "create") {
      const orderName = String(form.get("order") ?? "");
      const receivable = await findByOrderName(db, shop.id, orderName);
      if (!receivable) return refusedJson({ code: "unknown_order" }, `no order ${orderName}`);
      const first = String(form.get("firstDueAt") ?? "");
      await proposeArrangement(db, noticeDeps(), {
        shopId: shop.id, receivableId: receivable.id, source: "staff",
        instalments: Number(form.get("instalments")), intervalDays: Number(form.get("intervalDays")),
        firstDueAt: dayFromForm(first),
      }, now);
    } else {
      await decideArrangement(db, noticeDeps(), {
        shopId: shop.id, arrangementId: String(form.get("arrangementId") ?? ""), approve: form.get("intent") === "approve",
      }, now);
    }
    return Response.json({ ok: true });
  } catch (error) {
    if (error instanceof ArrangementError || error instanceof WorkflowError) return refusedBy(error);
    throw error;
  }
}

const TONE = { active: "info", completed: "success", broken: "critical", pending_approval: "attention", rejected: undefined } as const;

export default function Arrangements() {
  const { arrangements } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; error?: string; refusal?: Refusal }>();
  const t = useT();
  const locale = useLocale();
  const money = (minor: number, currency: string) => formatMoney(minor, currency as CurrencyCode, locale);
  const date = (iso: string) => dayText(iso, locale);
  return (
    <Page title={t("arrangements.title")}>
      <BlockStack gap="400">
        {result?.error ? <Banner tone="critical">{refusedText(result, t)}</Banner> : null}
        <CreateForm />
        {arrangements.length === 0 ? <Card><Text as="p">{t("arrangements.empty")}</Text></Card> : null}
        {arrangements.map((a) => (
          <Card key={a.id}>
            <div data-testid={`arrangement-${a.order}`}>
              <BlockStack gap="200">
                <InlineStack align="space-between">
                  <Text as="h2" variant="headingMd">{a.order} · {money(a.paidMinor, a.currency)} / {money(a.totalMinor, a.currency)}</Text>
                  <Badge tone={TONE[a.status as keyof typeof TONE]}>{t(`arrangementStatus.${a.status}` as "arrangementStatus.active")}</Badge>
                </InlineStack>
                {a.instalments.map((i) => (
                  <Text as="p" key={i.seq}>{i.seq}. {money(i.amountMinor, a.currency)} · {date(i.dueAt)} · {t(`instalmentStatus.${i.status}` as "instalmentStatus.open")}</Text>
                ))}
                {a.status === "pending_approval" ? (
                  <InlineStack gap="200">
                    {(["approve", "reject"] as const).map((intent) => (
                      <Form method="post" key={intent}>
                        <input type="hidden" name="arrangementId" value={a.id} />
                        <input type="hidden" name="intent" value={intent} />
                        <Button submit variant={intent === "approve" ? "primary" : undefined}>{t(`arrangements.${intent}`)}</Button>
                      </Form>
                    ))}
                  </InlineStack>
                ) : null}
              </BlockStack>
            </div>
          </Card>
        ))}
      </BlockStack>
    </Page>
  );
}

function CreateForm() {
  const t = useT();
  const [order, setOrder] = useState("");
  const [instalments, setInstalments] = useState("3");
  const [interval, setInterval] = useState("30");
  const [first, setFirst] = useState("");
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="create" />
        <input type="hidden" name="order" value={order} />
        <input type="hidden" name="instalments" value={instalments} />
        <input type="hidden" name="intervalDays" value={interval} />
        <input type="hidden" name="firstDueAt" value={first} />
        <InlineStack gap="200" blockAlign="end">
          <TextField label={t("receivables.order")} value={order} onChange={setOrder} autoComplete="off" placeholder="#1001" />
          <Select label={t("arrangements.instalments")} options={["2", "3", "4", "6", "12"]} value={instalments} onChange={setInstalments} />
          <Select label={t("arrangements.interval")} options={[{ label: "14", value: "14" }, { label: "30", value: "30" }]} value={interval} onChange={setInterval} />
          <TextField label={t("arrangements.firstDueAt")} type="date" value={first} onChange={setFirst} autoComplete="off" />
          <Button submit>{t("arrangements.create")}</Button>
        </InlineStack>
      </Form>
    </Card>
  );
}
