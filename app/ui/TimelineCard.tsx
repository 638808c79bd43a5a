import { Link } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import type { MessageKey } from "../i18n";
import { useLocale, useT } from "../i18n/react";
import { describeTimelineEntry, type TimelineEntry } from "./timelineText";
import { dayText } from "../i18n/dates";

type Shown = TimelineEntry & { id: string; at: string; order?: { name: string; receivableId: string } };

/** A timeline, newest first: one order's (the order page) or all of a customer's orders, each entry linked to its order. */
export function TimelineCard({ title, testId, entries, when, money }: {
  title: string; testId: string; entries: Shown[]; when: (iso: string) => string; money: (minor: number, currency: string) => string;
}) {
  const t = useT();
  const locale = useLocale();
  // calendar dates (a promise's, a pay-by date) are days, not moments: shown as stored, in the merchant's format
  const day = (date: string) => (/^\d{4}-\d{2}-\d{2}$/.test(date) ? dayText(date, locale) : date);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">{title}</Text>
        <div data-testid={testId}>
          <BlockStack gap="100">
            {entries.map((e) => (
              <InlineStack key={e.id} gap="200" wrap={false}>
                <Text as="span" tone="subdued">{when(e.at)}</Text>
                {e.order ? <Link to={`/app/receivables/${e.order.receivableId}`}>{e.order.name}</Link> : null}
                <Badge>{t(`kind.${e.kind}` as MessageKey)}</Badge>
                <Text as="span">{describeTimelineEntry(e, t, money, day)}</Text>
              </InlineStack>
            ))}
          </BlockStack>
        </div>
      </BlockStack>
    </Card>
  );
}
