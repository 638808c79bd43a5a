import { Text } from "@shopify/polaris";

/** One figure with its label, as the order and customer pages show their key numbers. */
export function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return <div data-testid={testId}><Text as="p" tone="subdued">{label}</Text><Text as="p" variant="headingMd">{value}</Text></div>;
}
