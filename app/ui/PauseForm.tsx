import { Form } from "@remix-run/react";
import { BlockStack, Button, Card, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useT } from "../i18n/react";

/** Pause with an end date and a reason: posts intent "pause" to the page's own action. */
export function PauseForm({ title }: { title?: string }) {
  const t = useT();
  const [until, setUntil] = useState("");
  const [reason, setReason] = useState("");
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="pause" /><input type="hidden" name="until" value={until} /><input type="hidden" name="reason" value={reason} />
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">{title ?? t("detail.pause")}</Text>
          <TextField label={t("detail.pauseUntil")} type="date" value={until} onChange={setUntil} autoComplete="off" />
          <TextField label={t("detail.pauseReason")} value={reason} onChange={setReason} autoComplete="off" />
          <Button submit>{t("detail.pause")}</Button>
        </BlockStack>
      </Form>
    </Card>
  );
}
