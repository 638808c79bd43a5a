import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, Checkbox, FormLayout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import db from "../db.server";
import { requireAdmin } from "../auth.server";
import { checkScreeningSettings, checkSettings } from "../domain/settings";
import { LEGAL_PROFILES } from "../domain/fees";
import { toDecimalString, type CurrencyCode } from "../domain/money";
import { useT } from "../i18n/react";
import { readForm } from "../http/readForm.server";
import { isMollieKey } from "../adapters/payments/mollie";
import { openSecret } from "../db/sealedSecret";
import { checkRenewalSettings, FINAL_ACTIONS } from "../domain/renewals";
import { saveFollowUpSettings, saveMollieKey, saveRenewalSettings, saveScreeningSettings } from "../services/shop/shopSettings";
import type { FieldProblems } from "../domain/fieldProblems";
import { fieldProblemText } from "../i18n/fieldProblems";

const FIELDS = [
  "legalProfile", "defaultTermDays", "timeZone", "quietHoursStart", "quietHoursEnd", "minGapHours", "groupReminders", "promiseMaxDays", "iban", "accountHolder", "senderName", "senderEmail",
  "replyTo", "logoUrl", "brandColor", "arrangementMaxInstalments", "arrangementMinInstalment", "arrangementMaxDays",
  "arrangementGraceDays", "disputeSlaHours", "riskMediumAverageDaysLate", "riskHighAverageDaysLate", "riskHighWorstDaysLate", "alertDigestEmail",
] as const;
type Field = (typeof FIELDS)[number];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const s = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
  const values: Record<Field, string> = {
    legalProfile: s.legalProfile, defaultTermDays: String(s.defaultTermDays), timeZone: s.timeZone,
    quietHoursStart: String(s.quietHoursStart), quietHoursEnd: String(s.quietHoursEnd), minGapHours: String(s.minGapHours),
    groupReminders: s.groupReminders ? "on" : "off", promiseMaxDays: String(s.promiseMaxDays), iban: s.iban ?? "", accountHolder: s.accountHolder ?? "",
    senderName: s.senderName ?? "", senderEmail: s.senderEmail ?? "", replyTo: s.replyTo ?? "", logoUrl: s.logoUrl ?? "",
    brandColor: s.brandColor, arrangementMaxInstalments: String(s.arrangementMaxInstalments),
    arrangementMinInstalment: toDecimalString(s.arrangementMinInstalmentMinor, s.currency as CurrencyCode),
    arrangementMaxDays: String(s.arrangementMaxDays), arrangementGraceDays: String(s.arrangementGraceDays), disputeSlaHours: String(s.disputeSlaHours),
    riskMediumAverageDaysLate: String(s.riskMediumAverageDaysLate), riskHighAverageDaysLate: String(s.riskHighAverageDaysLate),
    riskHighWorstDaysLate: String(s.riskHighWorstDaysLate), alertDigestEmail: s.alertDigestEmail ?? "",
  };
  // the key itself never goes back to the browser: only whether one is set, and which mode
  const mollieKey = openSecret(s.mollieApiKey);
  const mollie = mollieKey ? (mollieKey.startsWith("live_") ? "live" : "test") : null;
  const screening = { intervalDays: String(s.screeningIntervalDays), scoreDrop: String(s.screeningScoreDrop), creditsafeUser: s.creditsafeUsername };
  const renewals = { renewalRetryDays: s.renewalRetryDays.split(",").join(", "), renewalFinalAction: s.renewalFinalAction };
  return { values, resendConfigured: Boolean(process.env.RESEND_API_KEY), mollie, screening, renewals };
}

/** The Mollie key has a form of its own: the settings form never carries it back and forth. */
async function mollieKeyForm(shopId: string, typed: string) {
  const key = typed.trim();
  if (key && !isMollieKey(key)) return Response.json({ ok: false, errors: { mollieApiKey: { code: "mollie_key" } } }, { status: 400 });
  await saveMollieKey(db, shopId, key);
  return Response.json({ ok: true });
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const form = await readForm(request);
  const typed = (name: string) => String(form.get(name) ?? "");
  if (form.get("intent") === "mollie") return mollieKeyForm(shop.id, typed("mollieApiKey"));
  if (form.get("intent") === "screening") {
    const screening = checkScreeningSettings(Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)])));
    if (!screening.ok) return Response.json({ ok: false, errors: screening.errors }, { status: 400 });
    await saveScreeningSettings(db, shop.id, screening.settings);
    return Response.json({ ok: true });
  }
  if (form.get("intent") === "renewals") {
    const renewals = checkRenewalSettings({ renewalRetryDays: typed("renewalRetryDays"), renewalFinalAction: typed("renewalFinalAction") });
    if (!renewals.ok) return Response.json({ ok: false, errors: renewals.errors }, { status: 400 });
    await saveRenewalSettings(db, shop.id, renewals.settings);
    return Response.json({ ok: true });
  }
  const check = checkSettings(Object.fromEntries(FIELDS.map((f) => [f, typed(f)])));
  if (!check.ok) return Response.json({ ok: false, errors: check.errors }, { status: 400 });
  await saveFollowUpSettings(db, shop.id, check.settings);
  return Response.json({ ok: true });
}

export default function Settings() {
  const { values, resendConfigured, mollie, screening, renewals } = useLoaderData<typeof loader>();
  const [mollieKey, setMollieKey] = useState("");
  const [removeCreditsafe, setRemoveCreditsafe] = useState(false);
  const [screeningForm, setScreeningForm] = useState({ screeningIntervalDays: screening.intervalDays, screeningScoreDrop: screening.scoreDrop, creditsafeUsername: "", creditsafePassword: "" });
  const screeningField = (name: keyof typeof screeningForm) => ({
    label: t(`settings.${name}` as "settings.screeningIntervalDays"), name, value: screeningForm[name], autoComplete: "off", error: problem(name),
    onChange: (value: string) => setScreeningForm((f) => ({ ...f, [name]: value })),
  });
  const result = useActionData<{ ok: boolean; errors?: FieldProblems<string> }>();
  const t = useT();
  const problem = (name: string) => fieldProblemText(result?.errors?.[name], t);
  const [form, setForm] = useState<Record<Field, string>>(values);
  const field = (name: Field, extra: Record<string, unknown> = {}) => ({
    label: t(`settings.${name}` as "settings.legalProfile"), value: form[name], autoComplete: "off",
    onChange: (value: string) => setForm((f) => ({ ...f, [name]: value })),
    error: problem(name === "arrangementMinInstalment" ? "arrangementMinInstalmentMinor" : name), ...extra,
  });
  return (
    <Page title={t("settings.title")}>
      <Form method="post">
        {FIELDS.map((name) => <input key={name} type="hidden" name={name} value={form[name]} />)}
        <BlockStack gap="400">
          {result?.ok ? <Banner tone="success">{t("settings.saved")}</Banner> : null}
          {result && !result.ok ? <Banner tone="critical">{t("settings.invalid")}</Banner> : null}
          <Card>
            <FormLayout>
              <Text as="h2" variant="headingMd">{t("settings.followUp")}</Text>
              <Select {...field("legalProfile")} options={LEGAL_PROFILES.map((p) => ({ label: t(`legalProfile.${p}`), value: p }))} />
              <FormLayout.Group>
                <TextField {...field("defaultTermDays", { type: "number" })} />
                <TextField {...field("minGapHours", { type: "number" })} />
              </FormLayout.Group>
              <Select {...field("groupReminders")} helpText={t("settings.groupRemindersHelp")}
                options={[{ label: t("settings.groupReminders.on"), value: "on" }, { label: t("settings.groupReminders.off"), value: "off" }]} />
              <TextField {...field("promiseMaxDays", { type: "number" })} />
              <FormLayout.Group>
                <TextField {...field("iban")} helpText={t("settings.ibanHelp")} />
                <TextField {...field("accountHolder")} />
              </FormLayout.Group>
              <FormLayout.Group>
                <TextField {...field("timeZone")} />
                <TextField {...field("quietHoursStart", { type: "number" })} />
                <TextField {...field("quietHoursEnd", { type: "number" })} />
              </FormLayout.Group>
            </FormLayout>
          </Card>
          <Card>
            <FormLayout>
              <Text as="h2" variant="headingMd">{t("settings.branding")}</Text>
              <Text as="p" tone="subdued">{resendConfigured ? t("messages.viaResend") : t("messages.outboxOnly")}</Text>
              <FormLayout.Group>
                <TextField {...field("senderName")} />
                <TextField {...field("senderEmail", { type: "email" })} />
                <TextField {...field("replyTo", { type: "email" })} />
              </FormLayout.Group>
              <FormLayout.Group>
                <TextField {...field("logoUrl")} />
                <TextField {...field("brandColor")} />
              </FormLayout.Group>
            </FormLayout>
          </Card>
          <Card>
            <FormLayout>
              <Text as="h2" variant="headingMd">{t("settings.arrangementsAndDisputes")}</Text>
              <FormLayout.Group>
                <TextField {...field("arrangementMaxInstalments", { type: "number" })} />
                <TextField {...field("arrangementMinInstalment")} />
                <TextField {...field("arrangementMaxDays", { type: "number" })} />
                <TextField {...field("arrangementGraceDays", { type: "number" })} />
              </FormLayout.Group>
              <TextField {...field("disputeSlaHours", { type: "number" })} />
            </FormLayout>
          </Card>
          <Card>
            <FormLayout>
              <Text as="h2" variant="headingMd">{t("settings.risk")}</Text>
              <FormLayout.Group>
                <TextField {...field("riskMediumAverageDaysLate", { type: "number" })} />
                <TextField {...field("riskHighAverageDaysLate", { type: "number" })} />
                <TextField {...field("riskHighWorstDaysLate", { type: "number" })} />
              </FormLayout.Group>
              <TextField {...field("alertDigestEmail", { type: "email" })} />
            </FormLayout>
          </Card>
          <Button submit variant="primary">{t("settings.save")}</Button>
        </BlockStack>
      </Form>
      <Box paddingBlockStart="400">
        <Card>
          <Form method="post">
            <input type="hidden" name="intent" value="mollie" />
            <FormLayout>
              <Text as="h2" variant="headingMd">{t("settings.mollie")}</Text>
              <Text as="p" tone="subdued"><span data-testid="mollie-status">{mollie ? t("settings.mollieConnected", { mode: mollie }) : t("settings.mollieNone")}</span></Text>
              <TextField label={t("settings.mollieApiKey")} name="mollieApiKey" type="password" value={mollieKey} onChange={setMollieKey} autoComplete="off"
                helpText={t("settings.mollieHelp")} error={problem("mollieApiKey")} />
              <Button submit>{t("settings.mollieSave")}</Button>
            </FormLayout>
          </Form>
        </Card>
      </Box>
      <Box paddingBlockStart="400">
        <Card>
          <Form method="post">
            <input type="hidden" name="intent" value="screening" />
            <FormLayout>
              <Text as="h2" variant="headingMd">{t("settings.screening")}</Text>
              <Text as="p" tone="subdued"><span data-testid="creditsafe-status">{screening.creditsafeUser ? t("settings.creditsafeConnected", { user: screening.creditsafeUser }) : t("settings.creditsafeNone")}</span></Text>
              <FormLayout.Group>
                <TextField {...screeningField("screeningIntervalDays")} type="number" helpText={t("settings.screeningIntervalHelp")} />
                <TextField {...screeningField("screeningScoreDrop")} type="number" />
              </FormLayout.Group>
              <FormLayout.Group>
                <TextField {...screeningField("creditsafeUsername")} />
                <TextField {...screeningField("creditsafePassword")} type="password" />
              </FormLayout.Group>
              {screening.creditsafeUser ? (
                <>
                  <input type="hidden" name="creditsafeRemove" value={removeCreditsafe ? "on" : "off"} />
                  <Checkbox label={t("settings.creditsafeRemove")} checked={removeCreditsafe} onChange={setRemoveCreditsafe} />
                </>
              ) : null}
              <Button submit>{t("settings.screeningSave")}</Button>
            </FormLayout>
          </Form>
        </Card>
      </Box>
      <Box paddingBlockStart="400">
        <RenewalSettings initial={renewals} problem={problem} />
      </Box>
    </Page>
  );
}

/** Failed subscription renewals: the retry days and what ends the recovery. */
function RenewalSettings({ initial, problem }: { initial: { renewalRetryDays: string; renewalFinalAction: string }; problem: (name: string) => string | undefined }) {
  const t = useT();
  const [retryDays, setRetryDays] = useState(initial.renewalRetryDays);
  const [finalAction, setFinalAction] = useState(initial.renewalFinalAction);
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="renewals" />
        <FormLayout>
          <Text as="h2" variant="headingMd">{t("settings.renewals")}</Text>
          <TextField label={t("settings.renewalRetryDays")} name="renewalRetryDays" value={retryDays} onChange={setRetryDays} autoComplete="off"
            helpText={t("settings.renewalRetryDaysHelp")} error={problem("renewalRetryDays")} />
          <Select label={t("settings.renewalFinalAction")} name="renewalFinalAction" value={finalAction} onChange={setFinalAction} error={problem("renewalFinalAction")}
            options={FINAL_ACTIONS.map((action) => ({ value: action, label: t(`settings.renewalFinal.${action}` as "settings.renewalFinal.keep") }))} />
          <Button submit>{t("settings.renewalsSave")}</Button>
        </FormLayout>
      </Form>
    </Card>
  );
}
