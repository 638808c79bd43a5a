/**
 * Reminder steps and channels in the merchant's words: the default flow's steps translated, a step
 * the merchant named by its key. Both the app and its admin extension (the same keys in its locale
 * files) read them so.
 */
import { DEFAULT_FLOW, CHANNELS } from "../domain/flows";
import { noticeOf } from "../domain/noticeKeys";
import type { Words } from "../i18n/words";

const DEFAULT_STEP_KEYS = new Set<string>(DEFAULT_FLOW.map((step) => step.key));
const CHANNEL_NAMES = new Set<string>(CHANNELS);

/**
 * "reminder_1" -> "Reminder 1" (translated); a notice by what it said ("Instalment 2 coming due");
 * a key of the merchant's own ("renewal_nudge") -> "Renewal nudge".
 */
export function stepName<K extends string>(key: string, t: Words<K>): string {
  if (DEFAULT_STEP_KEYS.has(key)) return t(`step.${key}` as K);
  const notice = noticeOf(key);
  if (notice) return t(`step.${notice.kind}` as K, notice.kind === "instalment" ? { instalment: notice.instalment } : {});
  const words = key.replaceAll("_", " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "letter" -> "letter" / "brief" / "Brief" / "courrier"; an unknown channel as it is. */
export function channelName<K extends string>(channel: string, t: Words<K>): string {
  return CHANNEL_NAMES.has(channel) ? t(`channel.${channel}` as K) : channel;
}
