import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, Page, Text } from "@shopify/polaris";
import db from "../db.server";
import { clock } from "../clock.server";
import { requireAdmin } from "../auth.server";
import { useT } from "../i18n/react";
import { customerBlock, orderBlock } from "../services/surfaces/adminBlocks";
import { customerBlockHtml, orderBlockHtml } from "../adapters/shopify/extensionPreview.server";
import styles from "../styles/extensionPreview.css?url";

export const links = () => [{ rel: "stylesheet", href: styles }];

/** One order of each kind the blocks tell apart: open and overdue, disputed, in an arrangement, paid. */
const SAMPLES = [
  ["open", { status: "open", workflowState: null, pausedUntil: null }],
  ["disputed", { status: "open", workflowState: "disputed" }],
  ["in_arrangement", { status: "open", workflowState: "in_arrangement" }],
  ["paid", { status: "paid" }],
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, locale } = await requireAdmin(request);
  const now = clock();
  const samples = [];
  for (const [kind, where] of SAMPLES) {
    const r = await db.receivable.findFirst({
      where: { shopId: shop.id, creditSale: true, customerId: { not: null }, ...where }, orderBy: [{ dueAt: "asc" }, { id: "asc" }],
      include: { customer: { select: { gid: true } } },
    });
    if (!r) continue;
    samples.push({
      kind, order: r.orderName,
      orderHtml: orderBlockHtml(await orderBlock(db, shop.id, r.orderGid, now), locale),
      customerHtml: customerBlockHtml(await customerBlock(db, shop.id, { gid: r.customer!.gid }, now), locale),
    });
  }
  return { samples };
}

export default function InsideShopify() {
  const { samples } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <Page title={t("insideShopify.title")} subtitle={t("insideShopify.subtitle")}>
      <BlockStack gap="500">
        {samples.length === 0 && <Card><Text as="p">{t("insideShopify.empty")}</Text></Card>}
        {samples.map((s) => (
          <BlockStack key={s.kind} gap="200">
            <Text as="h2" variant="headingMd">{t(`insideShopify.kind.${s.kind}` as const, { order: s.order })}</Text>
            <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
              {/* the extension's own markup, rendered on the server from its Preact components */}
              <div className="extension-preview" data-testid={`order-block-${s.kind}`} dangerouslySetInnerHTML={{ __html: s.orderHtml }} />
              <div className="extension-preview" data-testid={`customer-block-${s.kind}`} dangerouslySetInnerHTML={{ __html: s.customerHtml }} />
            </InlineGrid>
          </BlockStack>
        ))}
      </BlockStack>
    </Page>
  );
}
