/** Every key of an extension's locale file, to hold its languages to the same set. */
import { readFileSync } from "node:fs";

export function localeKeys(extension: string, locale: string): string[] {
  const file = locale === "en" ? "en.default" : locale;
  const walk = (node: Record<string, unknown>, prefix: string): string[] =>
    Object.entries(node).flatMap(([k, v]) => (typeof v === "object" && v ? walk(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
  return walk(JSON.parse(readFileSync(`extensions/${extension}/locales/${file}.json`, "utf8")), "").sort();
}
