import type { MessageKey, Translate } from "../i18n";

/** A code in words by its translation (`messageStatus.outbox` -> "Outbox"); a code the app has no words for as it is. */
export function codeText(t: Translate, prefix: string, code: unknown): string {
  const key = `${prefix}.${String(code ?? "")}` as MessageKey;
  const text = t(key);
  return text === key ? String(code ?? "") : text;
}
