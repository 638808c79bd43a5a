import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { WorkflowError } from "../domain/workflow";
import db from "../db.server";
import { clock } from "../clock.server";
import { requireAdmin } from "../auth.server";
import { findByOrderName } from "../services/ledger/receivableDetail";
import { DisputeError, openDispute, resolveDispute } from "../services/disputes/disputes";
import { DISPUTE_REASONS, RESOLUTIONS } from "../domain/disputes";
import { useLocale, useT } from "../i18n/react";
import { readForm } from "../http/readForm.server";
import { momentText } from "../i18n/dates";
import { refusedBy, refusedJson } from "../http/refused.server";
import { refusedText } from "../i18n/refusals";
import type { Refusal } from "../domain/refusals";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const now = clock();
  const disputes = await db.dispute.findMany({
    where: { shopId: shop.id }, orderBy: [{ status: "asc" }, { slaDueAt: "asc" }], take: 200,
    include: { receivable: { select: { orderName: true } }, messages: { orderBy: { createdAt: "asc" } } },
  });
  return {
    now: now.toISOString(),
    disputes: disputes.map((d) => ({
      id: d.id, order: d.receivable.orderName, source: d.source, reason: d.reason, status: d.status, resolution: d.resolution,
      assignee: d.assignee, slaDueAt: d.slaDueAt.toISOString(), overdue: d.status === "open" && d.slaDueAt < now,
      messages: d.messages.map((m) => ({ author: m.author, body: m.body, at: m.createdAt.toISOString() })),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const form = await readForm(request);
  try {
    if (form.get("intent") === "open") {
      const orderName = String(form.get("order") ?? "");
      const receivable = await findByOrderName(db, shop.id, orderName);
      if (!receivable) return refusedJson({ code: "unknown_order" }, `no order ${orderName}`);
      await openDispute(db, null, {
        shopId: shop.id, receivableId: receivable.id, source: "staff", reason: String(form.get("reason") ?? ""),
        message: String(form.get("message") ?? "").slice(0, 2000), assignee: String(form.get("assignee") ?? "").trim() || null,
      }, clock());
      return Response.json({ ok: true });
    }
    await resolveDispute(db, {
      shopId: shop.id, disputeId: String(form.get("disputeId") ?? ""), resolution: String(form.get("resolution") ?? ""),
      note: String(form.get("note") ?? "").slice(0, 2000),
    }, clock());
    return Response.json({ ok: true });
  } catch (error) {
    if (error instanceof DisputeError || error instanceof WorkflowError) return refusedBy(error);
    throw error;
  }
}

export default function Disputes() {
  const { disputes } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; error?: string; refusal?: Refusal }>();
  const t = useT();
  const locale = useLocale();
  const when = (iso: string) => momentText(iso, locale);
  return (
    <Page title={t("disputes.title")}>
      <BlockStack gap="400">
        {result?.error ? <Banner tone="critical">{refusedText(result, t)}</Banner> : null}
        <OpenForm />
        {disputes.length === 0 ? <Card><Text as="p">{t("disputes.empty")}</Text></Card> : null}
        {disputes.map((d) => (
          <Card key={d.id}>
            <div data-testid={`dispute-${d.order}`}>
              <BlockStack gap="200">
                <InlineStack gap="200" align="space-between">
                  <Text as="h2" variant="headingMd">{d.order} · {t(`disputeReason.${d.reason}` as "disputeReason.other")}</Text>
                  <InlineStack gap="100">
                    <Badge>{t(`disputeSource.${d.source}` as "disputeSource.customer")}</Badge>
                    <Badge tone={d.status === "open" ? (d.overdue ? "critical" : "attention") : "success"}>
                      {d.status === "open" ? (d.overdue ? t("disputes.pastSla") : t("disputes.open")) : t(`resolution.${d.resolution}` as "resolution.credit")}
                    </Badge>
                  </InlineStack>
                </InlineStack>
                {d.status === "open" ? <Text as="p" tone="subdued">{t("disputes.answerBy", { when: when(d.slaDueAt) })}{d.assignee ? ` · ${d.assignee}` : ""}</Text> : null}
                {d.messages.map((m, i) => <Text key={i} as="p"><strong>{t(`author.${m.author}` as "author.customer")}</strong> · {when(m.at)}: {m.body}</Text>)}
                {d.status === "open" ? <ResolveForm disputeId={d.id} /> : null}
              </BlockStack>
            </div>
          </Card>
        ))}
      </BlockStack>
    </Page>
  );
}

function ResolveForm({ disputeId }: { disputeId: string }) {
  const t = useT();
  const [resolution, setResolution] = useState<string>("corrected");
  const [note, setNote] = useState("");
  return (
    <Form method="post">
      <input type="hidden" name="disputeId" value={disputeId} />
      <input type="hidden" name="resolution" value={resolution} />
      <input type="hidden" name="note" value={note} />
      <InlineStack gap="200" blockAlign="end">
        <Select label={t("disputes.resolution")} options={RESOLUTIONS.map((r) => ({ label: t(`resolution.${r}`), value: r }))} value={resolution} onChange={setResolution} />
        <TextField label={t("disputes.note")} value={note} onChange={setNote} autoComplete="off" />
        <Button submit>{t("disputes.resolve")}</Button>
      </InlineStack>
    </Form>
  );
}

function OpenForm() {
  const t = useT();
  const [order, setOrder] = useState("");
  const [reason, setReason] = useState<string>("other");
  const [message, setMessage] = useState("");
  const [assignee, setAssignee] = useState("");
  return (
    <Card>
      <Form method="post">
        {Object.entries({ intent: "open", order, reason, message, assignee }).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
        <InlineStack gap="200" blockAlign="end">
          <TextField label={t("receivables.order")} value={order} onChange={setOrder} autoComplete="off" placeholder="#1001" />
          <Select label={t("disputes.reason")} value={reason} onChange={setReason}
            options={DISPUTE_REASONS.map((r) => ({ label: t(`disputeReason.${r}`), value: r }))} />
          <TextField label={t("disputes.message")} value={message} onChange={setMessage} autoComplete="off" />
          <TextField label={t("disputes.assignee")} value={assignee} onChange={setAssignee} autoComplete="off" />
          <Button submit>{t("disputes.openOne")}</Button>
        </InlineStack>
      </Form>
    </Card>
  );
}
