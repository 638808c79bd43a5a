import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, InlineStack, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import db from "../db.server";
import { clock } from "../clock.server";
import { requireAdmin } from "../auth.server";
import { loadSegments } from "../services/followUp/segmentsStore";
import { deleteSegment, previewStep, saveSegment, type SegmentForm } from "../services/followUp/segmentEditor";
import { mailerFromEnv } from "../adapters/email/mailer";
import { variantsFrom } from "../domain/experiments";
import { CHANNELS, DEFAULT_FLOW, PURPOSES, TONES, WHATSAPP_VALUES, type FlowStep, type WhatsAppValue } from "../domain/flows";
import type { Condition } from "../domain/segments";
import { RECEIVABLE_KINDS } from "../domain/renewals";
import { useT } from "../i18n/react";
import { channelName } from "../ui/stepNames";
import { readForm } from "../http/readForm.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const segments = await loadSegments(db, shop.id);
  return { segments, currency: shop.currency };
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "delete") {
    const ok = await deleteSegment(db, shop.id, String(form.get("id") ?? ""));
    return Response.json(ok ? { ok: true } : { ok: false, errors: ["the default segment cannot be deleted"] }, { status: ok ? 200 : 400 });
  }
  if (intent === "test") {
    const full = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
    if (!full.senderEmail) return Response.json({ ok: false, errors: ["set a sender email in Settings first: the test goes there"] }, { status: 400 });
    const email = await previewStep(full, { purpose: String(form.get("purpose")) as FlowStep["purpose"], tone: String(form.get("tone")) as FlowStep["tone"], chargesFee: form.get("fee") === "1" }, String(form.get("locale") ?? "en"), clock());
    const sent = await mailerFromEnv().send({ from: `${full.name} <${full.senderEmail}>`, to: full.senderEmail, subject: `[TEST] ${email.subject}`, html: email.html, text: email.text, idempotencyKey: `test:${shop.id}:${Date.now()}` });
    return Response.json({ ok: true, tested: sent.delivered });
  }
  let payload: SegmentForm;
  try {
    payload = JSON.parse(String(form.get("payload") ?? ""));
  } catch {
    return Response.json({ ok: false, errors: ["the form could not be read"] }, { status: 400 });
  }
  const result = await saveSegment(db, shop, payload);
  return Response.json(result, { status: result.ok ? 200 : 400 });
}

function describeCondition(c: Condition): string {
  switch (c.field) {
    case "riskLevel": return `risk ${c.in.join("/")}`;
    case "isCompany": return c.equals ? "companies" : "consumers";
    case "countryCode": return c.in.join(", ");
    case "tags": return `tag ${c.includes}`;
    case "lateProbability": return `late ≥ ${Math.round(c.min * 100)}%`;
    case "creditScore": return `credit score ≤ ${c.max}`;
    case "receivableKind": return c.equals === "renewal" ? "subscription renewals" : "orders";
    default: return `${c.field === "orderCount" ? "orders" : "order value"} ${c.min ?? ""}–${c.max ?? ""}`;
  }
}

type LoadedSegment = { id: string; name: string; isDefault: boolean; conditions: Condition[]; steps: FlowStep[] };

function formFor(segment: LoadedSegment | null): SegmentForm {
  const c = (field: Condition["field"]) => segment?.conditions.find((x) => x.field === field);
  const risk = c("riskLevel") as Extract<Condition, { field: "riskLevel" }> | undefined;
  const company = c("isCompany") as Extract<Condition, { field: "isCompany" }> | undefined;
  const countries = c("countryCode") as Extract<Condition, { field: "countryCode" }> | undefined;
  const tag = c("tags") as Extract<Condition, { field: "tags" }> | undefined;
  const value = c("orderValueMinor") as Extract<Condition, { field: "orderValueMinor" }> | undefined;
  const late = c("lateProbability") as Extract<Condition, { field: "lateProbability" }> | undefined;
  const score = c("creditScore") as Extract<Condition, { field: "creditScore" }> | undefined;
  const kind = c("receivableKind") as Extract<Condition, { field: "receivableKind" }> | undefined;
  const dec = (minor: number | undefined) => (minor === undefined ? "" : (minor / 100).toFixed(2));
  return {
    id: segment?.id ?? null, name: segment?.name ?? "", riskLevels: risk?.in ?? [], company: company ? (company.equals ? "yes" : "no") : "any", kind: kind?.equals ?? "any",
    countries: countries?.in.join(", ") ?? "", tag: tag?.includes ?? "", minOrderValue: dec(value?.min), maxOrderValue: dec(value?.max),
    minLateChance: late ? String(Math.round(late.min * 100)) : "", maxCreditScore: score ? String(score.max) : "",
    steps: segment?.steps ?? DEFAULT_FLOW.map((s) => ({ ...s })),
  };
}

const listOf = (text: string) => text.split(",").map((x) => x.trim()).filter(Boolean);

/** A comma-separated list the merchant types into: keeps what is typed ("9, ") while the list it means is stored. */
function ListField({ label, items, placeholder, onChange }: { label: string; items: string[]; placeholder: string; onChange: (items: string[]) => void }) {
  const [text, setText] = useState(items.join(", "));
  // another step moved into this row (one was removed): show its list
  const shown = listOf(text).join(",") === items.join(",") ? text : items.join(", ");
  return <TextField label={label} value={shown} autoComplete="off" placeholder={placeholder} onChange={(v) => { setText(v); onChange(listOf(v)); }} />;
}
const unique = <T,>(items: T[]) => [...new Set(items)];
const variantTones = (step: FlowStep) => unique((step.variants ?? []).flatMap((v) => (v.tone ? [v.tone] : [])));
const variantHours = (step: FlowStep) => unique((step.variants ?? []).flatMap((v) => (v.sendHour === undefined ? [] : [v.sendHour])));

export default function Segments() {
  const { segments } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; errors?: string[]; tested?: string }>();
  const [params, setParams] = useSearchParams();
  const t = useT();
  const editing = params.get("edit");
  const segment = editing === "new" ? null : segments.find((s) => s.id === editing) ?? null;
  return (
    <Page title={t("segments.title")} primaryAction={{ content: t("segments.new"), onAction: () => setParams({ edit: "new" }) }}>
      <BlockStack gap="400">
        {result?.errors?.length ? <Banner tone="critical"><ul>{result.errors.map((e) => <li key={e}>{e}</li>)}</ul></Banner> : null}
        {result?.ok && result.tested ? <Banner tone="success">{t("segments.tested", { where: result.tested })}</Banner> : null}
        {result?.ok && !result.tested ? <Banner tone="success">{t("segments.saved")}</Banner> : null}
        {editing ? <Editor key={editing} initial={formFor(segment)} isDefault={segment?.isDefault ?? false} /> : null}
        {segments.map((s, i) => (
          <Card key={s.id}>
            <div data-testid={`segment-${s.name}`}>
              <BlockStack gap="200">
                <InlineStack align="space-between">
                  <Text as="h2" variant="headingMd">{i + 1}. {s.name} {s.isDefault ? <Badge>{t("segments.default")}</Badge> : null}</Text>
                  <InlineStack gap="200">
                    <Button onClick={() => setParams({ edit: s.id })}>{t("segments.edit")}</Button>
                    {!s.isDefault ? <Form method="post"><input type="hidden" name="intent" value="delete" /><input type="hidden" name="id" value={s.id} /><Button submit tone="critical">{t("segments.delete")}</Button></Form> : null}
                  </InlineStack>
                </InlineStack>
                <Text as="p" tone="subdued">{s.conditions.length ? s.conditions.map(describeCondition).join(" · ") : t("segments.everyoneElse")}</Text>
                <Text as="p">{s.steps.map((st) => `${st.offsetDays >= 0 ? "+" : ""}${st.offsetDays} ${st.channel} (${st.tone})`).join(" → ")}</Text>
              </BlockStack>
            </div>
          </Card>
        ))}
      </BlockStack>
    </Page>
  );
}

function Editor({ initial, isDefault }: { initial: SegmentForm; isDefault: boolean }) {
  const t = useT();
  const [form, setForm] = useState(initial);
  const [previewIndex, setPreviewIndex] = useState(0);
  const [locale, setLocale] = useState("nl");
  // the customer-level message (several orders) is what customers get by default; one order is the per-order stream
  const [grouped, setGrouped] = useState("1");
  const preview = useFetcher<{ subject: string; html: string }>();
  const set = <K extends keyof SegmentForm>(key: K, value: SegmentForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setStep = (i: number, change: Partial<FlowStep>) => set("steps", form.steps.map((s, j) => (j === i ? { ...s, ...change } : s)));
  const step = form.steps[previewIndex] ?? form.steps[0];
  // re-render the preview only when what the email depends on changes, not on every keystroke elsewhere
  useEffect(() => {
    if (!step || step.channel === "task") return;
    preview.load(`/app/segments/preview?${new URLSearchParams({ purpose: step.purpose, tone: step.tone, fee: step.chargesFee ? "1" : "0", locale, grouped })}`);
  }, [step?.purpose, step?.tone, step?.chargesFee, step?.channel, locale, grouped]);
  return (
    <Card>
      <BlockStack gap="300">
        <TextField label={t("segments.name")} value={form.name} onChange={(v) => set("name", v)} autoComplete="off" />
        {!isDefault ? (
          <InlineStack gap="300" blockAlign="end">
            {(["low", "medium", "high"] as const).map((level) => (
              <Checkbox key={level} label={t(`risk.${level}`)} checked={form.riskLevels.includes(level)}
                onChange={(on) => set("riskLevels", on ? [...form.riskLevels, level] : form.riskLevels.filter((l) => l !== level))} />
            ))}
            <Select label={t("segments.company")} value={form.company} onChange={(v) => set("company", v as SegmentForm["company"])}
              options={[{ label: t("segments.any"), value: "any" }, { label: t("segments.companies"), value: "yes" }, { label: t("segments.consumers"), value: "no" }]} />
            <Select label={t("receivables.kind")} value={form.kind ?? "any"} onChange={(v) => set("kind", v as SegmentForm["kind"])}
              options={[{ label: t("segments.any"), value: "any" }, ...RECEIVABLE_KINDS.map((k) => ({ label: t(`receivables.kind.${k}`), value: k }))]} />
            <TextField label={t("segments.countries")} value={form.countries} onChange={(v) => set("countries", v)} autoComplete="off" placeholder="NL, BE" />
            <TextField label={t("segments.tag")} value={form.tag} onChange={(v) => set("tag", v)} autoComplete="off" />
            <TextField label={t("segments.minOrderValue")} value={form.minOrderValue} onChange={(v) => set("minOrderValue", v)} autoComplete="off" />
            <TextField label={t("segments.maxOrderValue")} value={form.maxOrderValue} onChange={(v) => set("maxOrderValue", v)} autoComplete="off" />
            <TextField label={t("segments.minLateChance")} value={form.minLateChance} onChange={(v) => set("minLateChance", v)} autoComplete="off" suffix="%" helpText={t("segments.minLateChanceHelp")} />
            <TextField label={t("segments.maxCreditScore")} value={form.maxCreditScore ?? ""} onChange={(v) => set("maxCreditScore", v)} autoComplete="off" helpText={t("segments.maxCreditScoreHelp")} />
          </InlineStack>
        ) : null}
        <Text as="h3" variant="headingSm">{t("segments.steps")}</Text>
        {form.steps.map((s, i) => (
          <div key={i} data-testid="step-row">
            <InlineStack gap="200" blockAlign="end" wrap={false}>
              <TextField label={t("segments.key")} value={s.key} onChange={(v) => setStep(i, { key: v })} autoComplete="off" />
              <TextField label={t("segments.offset")} type="number" value={String(s.offsetDays)} onChange={(v) => setStep(i, { offsetDays: Number(v) })} autoComplete="off" />
              <Select label={t("messages.channel")} options={CHANNELS.map((c) => ({ label: channelName(c, t), value: c }))} value={s.channel} onChange={(v) => setStep(i, { channel: v as FlowStep["channel"] })} />
              {s.channel === "whatsapp" ? (
                <>
                  <TextField label={t("segments.whatsappTemplate")} value={s.whatsapp?.contentSid ?? ""} placeholder="HX..." autoComplete="off"
                    onChange={(v) => setStep(i, { whatsapp: { contentSid: v.trim(), variables: s.whatsapp?.variables ?? ["name", "order", "amount", "payUrl"] } })} />
                  <ListField label={t("segments.whatsappVariables")} items={s.whatsapp?.variables ?? ["name", "order", "amount", "payUrl"]} placeholder={WHATSAPP_VALUES.join(", ")}
                    onChange={(names) => setStep(i, { whatsapp: { contentSid: s.whatsapp?.contentSid ?? "", variables: names as WhatsAppValue[] } })} />
                </>
              ) : null}
              <Select label={t("segments.purpose")} options={PURPOSES.map((p) => ({ label: t(`purpose.${p}`), value: p }))} value={s.purpose} onChange={(v) => setStep(i, { purpose: v as FlowStep["purpose"] })} />
              <Select label={t("segments.tone")} options={TONES.map((tone) => ({ label: t(`tone.${tone}`), value: tone }))} value={s.tone} onChange={(v) => setStep(i, { tone: v as FlowStep["tone"] })} />
              <Checkbox label={t("segments.fee")} checked={s.chargesFee} onChange={(v) => setStep(i, { chargesFee: v })} />
              <Checkbox label={t("segments.atCustomersHour")} helpText={t("segments.atCustomersHourHelp")} checked={s.atCustomersHour ?? false}
                onChange={(v) => setStep(i, { atCustomersHour: v || undefined })} />
              <ListField label={t("segments.variants")} items={variantTones(s)} placeholder="friendly, firm"
                onChange={(tones) => setStep(i, { variants: variantsFrom(tones, variantHours(s)) })} />
              <ListField label={t("segments.variantHours")} items={variantHours(s).map(String)} placeholder="9, 15"
                onChange={(hours) => setStep(i, { variants: variantsFrom(variantTones(s), hours.map(Number)) })} />
              <Button onClick={() => setPreviewIndex(i)}>{t("segments.preview")}</Button>
              <Button tone="critical" onClick={() => set("steps", form.steps.filter((_, j) => j !== i))}>×</Button>
            </InlineStack>
          </div>
        ))}
        <InlineStack gap="200">
          <Button onClick={() => set("steps", [...form.steps, { key: `step_${form.steps.length + 1}`, offsetDays: (form.steps.at(-1)?.offsetDays ?? 0) + 7, channel: "email", purpose: "reminder", tone: "neutral", chargesFee: false }])}>{t("segments.addStep")}</Button>
          <Form method="post">
            <input type="hidden" name="payload" value={JSON.stringify(form)} />
            <Button submit variant="primary">{t("segments.save")}</Button>
          </Form>
        </InlineStack>
        {step && step.channel !== "task" ? (
          <BlockStack gap="200">
            <InlineStack gap="200" blockAlign="end">
              <Select label={t("segments.language")} value={locale} onChange={setLocale} options={["nl", "en", "de", "fr"].map((l) => ({ label: l, value: l }))} />
              <Select label={t("segments.previewOf")} value={grouped} onChange={setGrouped}
                options={[{ label: t("segments.previewGrouped"), value: "1" }, { label: t("segments.previewSingle"), value: "0" }]} />
              <Form method="post">
                {Object.entries({ intent: "test", purpose: step.purpose, tone: step.tone, fee: step.chargesFee ? "1" : "0", locale }).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
                <Button submit>{t("segments.testSend")}</Button>
              </Form>
            </InlineStack>
            <Text as="p" fontWeight="semibold">{preview.data?.subject}</Text>
            <iframe title="preview" data-testid="step-preview" sandbox="" srcDoc={preview.data?.html ?? ""} style={{ width: "100%", height: 560, border: "1px solid #e3e3e3", borderRadius: 8 }} />
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}
