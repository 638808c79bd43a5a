/**
 * A translator of any text set: the app's, the customer page's or an extension's locale files.
 * The wording helpers take one so the app and its extensions word the same codes the same way.
 */
export type Words<K extends string> = (key: K, values?: Record<string, string | number>) => string;

/** `{ code: "pause_too_long", days: 366 }` under "refusal" -> t("refusal.pause_too_long", { days: 366 }) */
export function codeWords<K extends string>(t: Words<K>, prefix: string, { code, ...values }: { code: string } & Record<string, unknown>): string {
  return t(`${prefix}.${code}` as K, values as Record<string, string | number>);
}
