import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import db from "../db.server";
import { cursorParam } from "../ui/pageParam";
import { useQueryNavigation } from "../ui/useQueryNavigation";
import { requireAdmin } from "../auth.server";
import { listMessages } from "../services/followUp/messages";
import { useLocale, useT } from "../i18n/react";
import { channelName, stepName } from "../ui/stepNames";
import { codeText } from "../ui/codeText";
import { momentText } from "../i18n/dates";

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  const { rows, open, next, previous } = await listMessages(db, shop.id, { cursor: cursorParam(params, "date"), pageSize: PAGE_SIZE, openId: params.get("id") });
  return {
    next, previous, resendConfigured: Boolean(process.env.RESEND_API_KEY), open,
    rows: rows.map((m) => ({ ...m, order: m.otherOrders ? `${m.receivable.orderName} +${m.otherOrders}` : m.receivable.orderName, createdAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null })),
  };
}

const TONE = { sent: "success", outbox: "info", task: "attention", skipped: undefined, failed: "critical", sending: undefined, bounced: "critical", complained: "warning" } as const;

export default function Messages() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const go = useQueryNavigation();
  const when = (iso: string | null) => (iso ? momentText(iso, locale) : "—");
  return (
    <Page title={t("messages.title")} subtitle={data.resendConfigured ? t("messages.viaResend") : t("messages.outboxOnly")}>
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <IndexTable
              resourceName={{ singular: t("messages.one"), plural: t("messages.title") }}
              itemCount={data.rows.length}
              selectable={false}
              emptyState={<Text as="p" alignment="center">{t("messages.empty")}</Text>}
              headings={[{ title: t("messages.when") }, { title: t("receivables.order") }, { title: t("messages.step") },
                { title: t("messages.channel") }, { title: t("messages.to") }, { title: t("messages.subject") }, { title: t("receivables.status") }]}
              pagination={{
                hasPrevious: Boolean(data.previous), hasNext: Boolean(data.next),
                onPrevious: () => go({ cursor: data.previous ?? "" }), onNext: () => go({ cursor: data.next ?? "" }),
              }}
            >
              {data.rows.map((m, index) => (
                <IndexTable.Row id={m.id} key={m.id} position={index} onClick={() => go({ id: m.id })}>
                  <IndexTable.Cell>{when(m.sentAt ?? m.createdAt)}</IndexTable.Cell>
                  <IndexTable.Cell><Text as="span" fontWeight="semibold">{m.order}</Text></IndexTable.Cell>
                  <IndexTable.Cell>{stepName(m.stepKey, t)}</IndexTable.Cell>
                  <IndexTable.Cell>{channelName(m.channel, t)}</IndexTable.Cell>
                  <IndexTable.Cell>{m.toAddress ?? "—"}</IndexTable.Cell>
                  <IndexTable.Cell>{m.subject ?? m.error ?? "—"}</IndexTable.Cell>
                  <IndexTable.Cell><Badge tone={TONE[m.status as keyof typeof TONE]}>{codeText(t, "messageStatus", m.status)}</Badge></IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
        {data.open?.html ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">{data.open.subject}</Text>
                {data.open.channel === "letter" ? <a href={`/app/letters/${data.open.id}`} target="_blank" rel="noreferrer" data-testid="letter-pdf">{t("tasks.letterPdf")}</a> : null}
                {/* the customer's email exactly as rendered, sandboxed: no scripts, no navigation */}
                <iframe title={data.open.subject ?? "preview"} data-testid="message-preview" sandbox="" srcDoc={data.open.html}
                  style={{ width: "100%", height: 640, border: "1px solid #e3e3e3", borderRadius: 8 }} />
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}
