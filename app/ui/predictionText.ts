/** A late-payment forecast in the merchant's words: the worklist, the order page. */
import type { MessageKey, Translate } from "../i18n";

export const percent = (probability: number) => Math.round(probability * 100);

export const bucketText = (t: Translate, bucket: string) => t(`prediction.bucket.${bucket}` as MessageKey);

export const reasonsText = (t: Translate, reasons: readonly string[]) => reasons.map((r) => t(`prediction.reason.${r}` as MessageKey)).join(", ");

export function forecastText(t: Translate, forecast: { lateProbability: number; bucket: string; reasons: readonly string[] }): string {
  const main = t("prediction.forecast", { chance: percent(forecast.lateProbability), bucket: bucketText(t, forecast.bucket) });
  return forecast.reasons.length ? `${main} ${t("prediction.because", { reasons: reasonsText(t, forecast.reasons) })}` : main;
}
