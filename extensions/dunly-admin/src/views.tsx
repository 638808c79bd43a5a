/** @jsxImportSource preact */
/**
 * What the admin blocks and actions show, as plain components of their data: the extension
 * entries feed them from the app's endpoints, the tests and the demo's preview render them as they are.
 */
import type {} from "@shopify/ui-extensions/admin.order-details.block.render";
import type {} from "@shopify/ui-extensions/admin.order-details.action.render";
import type { CustomerBlock, NotFollowed, OrderBlock, OrderState } from "../../../app/services/surfaces/adminBlocks";
import { asCurrency, formatMoney } from "../../../app/domain/money";
import { channelName, stepName } from "../../../app/ui/stepNames";
import { riskReasonText } from "../../../app/i18n/riskReasons";
import { dayText } from "../../../app/i18n/dates";
import type { Translate } from "../../shared/translate";

export type OrderButton = "pause" | "resume" | "send_now" | "hand_over";

interface Shown {
  t: Translate;
  locale: string;
}

const STATE_TONE: Record<OrderState, "success" | "info" | "warning" | "critical" | "neutral"> = {
  open: "info", paused: "neutral", paid: "success", cancelled: "neutral", disputed: "warning", in_arrangement: "info", handed_over: "critical", written_off: "critical",
};

const RISK_TONE = { low: "success", medium: "warning", high: "critical" } as const;

function money(minor: number, currency: string, locale: string): string {
  return formatMoney(minor, asCurrency(currency), locale);
}

function Row({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <s-stack direction="inline" gap="base" justifyContent="space-between">
      <s-text color="subdued">{label}</s-text>
      <s-text>{children}</s-text>
    </s-stack>
  );
}

export interface OrderBlockViewProps extends Shown {
  data: OrderBlock | NotFollowed;
  /** the block's own message after a button: done, or why not */
  notice?: { tone: "success" | "critical"; text: string } | null;
  busy?: boolean;
  /** the pause form is open */
  pausing?: boolean;
  onButton?: (button: OrderButton | "open_pause") => void;
  onPause?: (until: string, reason: string) => void;
}

export function OrderBlockView({ data, t, locale, notice, busy, pausing, onButton, onPause }: OrderBlockViewProps) {
  if (!data.followed) {
    return (
      <s-admin-block heading={t("order.heading")}>
        <s-text color="subdued">{t("order.notFollowed")}</s-text>
      </s-admin-block>
    );
  }
  const owed = money(data.outstandingMinor, data.currency, locale);
  const form = { until: "", reason: "" };
  return (
    <s-admin-block heading={t("order.heading")} collapsedSummary={`${owed} · ${t(`state.${data.state}`)}`}>
      <s-stack direction="block" gap="base">
        {notice && <s-banner tone={notice.tone}>{notice.text}</s-banner>}
        <Row label={t("order.outstanding")}>{owed}</Row>
        <Row label={t("order.due")}>{dayText(data.dueDate, locale)}</Row>
        <s-stack direction="inline" gap="base" justifyContent="space-between">
          <s-text color="subdued">{t("order.status")}</s-text>
          <s-badge tone={STATE_TONE[data.state]}>{t(`state.${data.state}`)}</s-badge>
        </s-stack>
        {data.pausedUntil && <s-text>{t("order.pausedUntil", { date: dayText(data.pausedUntil, locale), reason: data.pauseReason ?? "" })}</s-text>}
        <Row label={t("order.lastMessage")}>
          {data.lastMessage ? t("order.messageOn", { step: stepName(data.lastMessage.step, t), channel: channelName(data.lastMessage.channel, t), date: dayText(data.lastMessage.at, locale) }) : t("order.none")}
        </Row>
        <Row label={t("order.nextStep")}>
          {data.next ? t("order.stepOn", { step: data.next.step ? stepName(data.next.step, t) : "", date: dayText(data.next.at, locale) }) : t("order.none")}
        </Row>
        {pausing && (
          <s-stack direction="block" gap="small">
            <s-date-field label={t("order.until")} name="until" onChange={(e) => (form.until = e.currentTarget.value)} />
            <s-text-field label={t("order.reason")} name="reason" onInput={(e) => (form.reason = e.currentTarget.value)} />
            <s-button variant="primary" disabled={busy} onClick={() => onPause?.(form.until, form.reason)}>{t("order.confirmPause")}</s-button>
          </s-stack>
        )}
        <s-stack direction="inline" gap="small">
          {data.allowed.pause && !pausing && <s-button disabled={busy} onClick={() => onButton?.("open_pause")}>{t("order.pause")}</s-button>}
          {data.allowed.resume && <s-button disabled={busy} onClick={() => onButton?.("resume")}>{t("order.resume")}</s-button>}
          {data.allowed.sendNow && <s-button disabled={busy} onClick={() => onButton?.("send_now")}>{t("order.sendNow")}</s-button>}
          {data.allowed.handOver && <s-button tone="critical" disabled={busy} onClick={() => onButton?.("hand_over")}>{t("order.handOver")}</s-button>}
          <s-link href={`app:/app/receivables/${data.receivableId}`}>{t("order.openInApp")}</s-link>
        </s-stack>
      </s-stack>
    </s-admin-block>
  );
}

export interface CustomerBlockViewProps extends Shown {
  data: CustomerBlock | NotFollowed;
}

export function CustomerBlockView({ data, t, locale }: CustomerBlockViewProps) {
  if (!data.followed) {
    return (
      <s-admin-block heading={t("customer.heading")}>
        <s-text color="subdued">{t("customer.notFollowed")}</s-text>
      </s-admin-block>
    );
  }
  const m = (minor: number) => money(minor, data.currency, locale);
  return (
    <s-admin-block heading={t("customer.heading")} collapsedSummary={`${m(data.exposureMinor)} · ${t(`risk.${data.risk.level}`)}`}>
      <s-stack direction="block" gap="base">
        <s-stack direction="inline" gap="small">
          <s-badge tone={RISK_TONE[data.risk.level]}>{t(`risk.${data.risk.level}`)}</s-badge>
          {data.risk.overLimit && <s-badge tone="critical">{t("customer.overLimit")}</s-badge>}
        </s-stack>
        {data.risk.reasons.length > 0 && (
          <s-unordered-list>{data.risk.reasons.map((reason) => <s-list-item key={reason.code}>{riskReasonText(reason, t)}</s-list-item>)}</s-unordered-list>
        )}
        <Row label={t("customer.exposure")}>{m(data.exposureMinor)}</Row>
        <Row label={t("customer.overdue")}>{m(data.overdueMinor)}</Row>
        <Row label={t("customer.creditLimit")}>{data.creditLimitMinor === null ? t("customer.noLimit") : m(data.creditLimitMinor)}</Row>
        <Row label={t("customer.brokenPromises")}>{data.brokenPromises}</Row>
        <Row label={t("customer.brokenArrangements")}>{data.brokenArrangements}</Row>
        <Row label={t("customer.openDisputes")}>{data.openDisputes}</Row>
        <s-heading>{t("customer.openOrders")}</s-heading>
        {data.openOrders.length === 0 ? <s-text color="subdued">{t("customer.noOpenOrders")}</s-text> : (
          <s-stack direction="block" gap="small">
            {data.openOrders.map((o) => (
              <s-stack key={o.receivableId} direction="inline" gap="base" justifyContent="space-between">
                <s-link href={`app:/app/receivables/${o.receivableId}`}>{o.order}</s-link>
                <s-text>{m(o.outstandingMinor)}</s-text>
                <s-text color="subdued">{dayText(o.dueDate, locale)}</s-text>
                <s-badge tone={STATE_TONE[o.state]}>{t(`state.${o.state}`)}</s-badge>
              </s-stack>
            ))}
          </s-stack>
        )}
      </s-stack>
    </s-admin-block>
  );
}

export interface OrderActionViewProps extends Shown {
  count: number;
  busy?: boolean;
  result?: { ok: number; errors: string[] } | null;
  onApply?: (action: { action: OrderButton; until?: string; reason?: string }) => void;
  onCancel?: () => void;
}

/** The action on Shopify's order page and order list: one choice for the selected orders. */
export function OrderActionView({ count, t, busy, result, onApply, onCancel }: OrderActionViewProps) {
  const form: { action: OrderButton; until: string; reason: string } = { action: "pause", until: "", reason: "" };
  return (
    <s-admin-action heading={t("action.heading")} loading={busy}>
      <s-stack direction="block" gap="base">
        <s-text>{t("action.selected", { count })}</s-text>
        {result && (
          <s-banner tone={result.errors.length ? "warning" : "success"}>
            {t("action.result", { ok: result.ok, count })}
            {result.errors.length > 0 && <s-unordered-list>{result.errors.map((e) => <s-list-item key={e}>{e}</s-list-item>)}</s-unordered-list>}
          </s-banner>
        )}
        <s-select label={t("action.choose")} name="action" onChange={(e) => (form.action = e.currentTarget.value as OrderButton)}>
          <s-option value="pause">{t("order.pause")}</s-option>
          <s-option value="resume">{t("order.resume")}</s-option>
          <s-option value="send_now">{t("order.sendNow")}</s-option>
          <s-option value="hand_over">{t("order.handOver")}</s-option>
        </s-select>
        <s-date-field label={t("order.until")} name="until" onChange={(e) => (form.until = e.currentTarget.value)} />
        <s-text-field label={t("order.reason")} name="reason" onInput={(e) => (form.reason = e.currentTarget.value)} />
      </s-stack>
      <s-button slot="primary-action" variant="primary" disabled={busy} onClick={() => onApply?.({ ...form })}>{t("action.apply")}</s-button>
      <s-button slot="secondary-actions" onClick={() => onCancel?.()}>{t("action.cancel")}</s-button>
    </s-admin-action>
  );
}
