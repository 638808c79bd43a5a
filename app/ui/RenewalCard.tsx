import { BlockStack, Card, Text } from "@shopify/polaris";
import { useT } from "../i18n/react";
import type { RenewalView } from "../services/renewals/renewalView";
import { errorCodeText } from "./timelineText";

/** A failed subscription renewal on its order page: what failed, and where the recovery stands. */
export function RenewalCard({ renewal, when }: { renewal: RenewalView; when: (iso: string) => string }) {
  const t = useT();
  const reason = `${errorCodeText(renewal.errorCode)} (${t(`renewal.class.${renewal.retryClass}` as "renewal.class.retry")})`;
  return (
    <Card>
      <div data-testid="renewal">
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">{t("renewal.title")}</Text>
          <Text as="p">{t("renewal.failure", { cycle: renewal.cycleIndex, reason, attempts: renewal.failedAttempts, retries: renewal.retriesSent })}</Text>
          <Text as="p" tone={renewal.outcome ? undefined : "subdued"}>{standing(renewal, t, when)}</Text>
          {renewal.finalActionError ? <Text as="p" tone="critical">{t("renewal.finalError", { reason: renewal.finalActionError })}</Text> : null}
        </BlockStack>
      </div>
    </Card>
  );
}

function standing(renewal: RenewalView, t: ReturnType<typeof useT>, when: (iso: string) => string): string {
  if (renewal.outcome === "recovered") {
    return t("renewal.outcome.recovered", { when: when(renewal.recoveredAt!), by: t(`renewal.by.${renewal.recoveredBy ?? "other_payment"}` as "renewal.by.our_retry") });
  }
  if (renewal.outcome) return t(`renewal.outcome.${renewal.outcome}` as "renewal.outcome.kept");
  const next = renewal.next!;
  if (next.kind === "retry") return t("renewal.next.retry", { when: when(next.at!) });
  if (next.kind === "update_email") return t("renewal.next.update_email");
  if (next.kind === "final") return t("renewal.next.final", { when: when(next.at!), rule: t(`settings.renewalFinal.${next.rule}` as "settings.renewalFinal.keep") });
  return t("renewal.next.none");
}
