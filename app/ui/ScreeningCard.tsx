import { Form } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useLocale, useT } from "../i18n/react";
import { dayText } from "../i18n/dates";

export interface ScreeningView {
  vatNumber: string | null;
  vatStatus: string | null;
  vatCheckedAt: string | null;
  vatRegisteredName: string | null;
  vatRegisteredAddress: string | null;
  bureauStatus: string | null;
  bureauSource: string | null;
  bureauCompanyName: string | null;
  bureauScore: number | null;
  bureauRating: string | null;
  bureauCheckedAt: string | null;
  screenedAt: string | null;
  suggestedLimitMinor: number | null;
  nameAgrees: boolean | null;
  addressAgrees: boolean | null;
}

const VAT_TONE = { valid: "success", invalid: "critical", unknown: "attention" } as const;

/**
 * What VIES and the credit bureau said of a business customer, with dates and the source named,
 * the bureau's advised limit to take over, and "screen now" (a new VAT number may be typed first).
 */
export function ScreeningCard({ screening, money }: { screening: ScreeningView; money: (minor: number) => string }) {
  const t = useT();
  const locale = useLocale();
  const [number, setNumber] = useState(screening.vatNumber ?? "");
  const day = (iso: string | null) => (iso ? dayText(iso, locale) : "");
  const s = screening;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">{t("customerPage.screening")}</Text>
        {s.vatStatus ? (
          <div data-testid="vat-status">
            <Badge tone={VAT_TONE[s.vatStatus as keyof typeof VAT_TONE] ?? "attention"}>{t(`customerPage.vat.${s.vatStatus}` as "customerPage.vat.valid")}</Badge>
            <Text as="p" tone="subdued">{t("customerPage.vatChecked", { number: s.vatNumber ?? "", date: day(s.vatCheckedAt) })}</Text>
            {s.vatRegisteredName ? <Text as="p">{s.vatRegisteredName}{s.vatRegisteredAddress ? `, ${s.vatRegisteredAddress}` : ""}</Text> : null}
            {s.nameAgrees === false ? <div data-testid="vat-name-differs"><Badge tone="warning">{t("customerPage.vatNameDiffers")}</Badge></div> : null}
            {s.addressAgrees === false ? <div data-testid="vat-address-differs"><Badge tone="warning">{t("customerPage.vatAddressDiffers")}</Badge></div> : null}
          </div>
        ) : null}
        {s.bureauStatus ? (
          <div data-testid="bureau-status">
            {s.bureauStatus === "found" ? (
              <BlockStack gap="100">
                <Text as="p">{t("customerPage.bureauScore", { source: s.bureauSource ?? "", score: s.bureauScore ?? "—", rating: s.bureauRating ?? "—" })}</Text>
                <Text as="p" tone="subdued">{t("customerPage.bureauChecked", { name: s.bureauCompanyName ?? "", date: day(s.bureauCheckedAt) })}</Text>
              </BlockStack>
            ) : <Text as="p" tone="subdued">{t(`customerPage.bureau.${s.bureauStatus}` as "customerPage.bureau.not_found", { source: s.bureauSource ?? "" })}</Text>}
          </div>
        ) : null}
        {s.suggestedLimitMinor !== null ? (
          <Form method="post">
            <input type="hidden" name="intent" value="use_advised_limit" />
            <BlockStack gap="100">
              <div data-testid="advised-limit"><Text as="p">{t("customerPage.advisedLimit", { amount: money(s.suggestedLimitMinor), source: s.bureauSource ?? "" })}</Text></div>
              <Button submit>{t("customerPage.useAdvisedLimit")}</Button>
            </BlockStack>
          </Form>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="screen" /><input type="hidden" name="vatNumber" value={number} />
          <BlockStack gap="200">
            <TextField label={t("customerPage.vatNumber")} value={number} onChange={setNumber} autoComplete="off" placeholder="NL810462215B01" />
            <Button submit>{t("customerPage.screenNow")}</Button>
            {s.screenedAt ? <Text as="p" tone="subdued" variant="bodySm">{t("customerPage.screenedAt", { date: day(s.screenedAt) })}</Text> : null}
          </BlockStack>
        </Form>
      </BlockStack>
    </Card>
  );
}
