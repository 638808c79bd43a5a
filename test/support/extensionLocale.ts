/** An extension's locale file read the way Shopify's i18n.translate reads it: dotted keys, {{name}} replaced. */
import { readFileSync } from "node:fs";

export function extensionTranslator(extension: string, locale: string) {
  const file = locale === "en" ? "en.default" : locale;
  const messages = JSON.parse(readFileSync(`extensions/${extension}/locales/${file}.json`, "utf8")) as Record<string, unknown>;
  return (key: string, values: Record<string, string | number> = {}): string => {
    const found = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
    if (typeof found !== "string") throw new Error(`${extension}/${file}: no text for ${key}`);
    return found.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? `{{${name}}}`));
  };
}

/** Every key of a locale file, to hold the languages to the same set. */
export function localeKeys(extension: string, locale: string): string[] {
  const file = locale === "en" ? "en.default" : locale;
  const walk = (node: Record<string, unknown>, prefix: string): string[] =>
    Object.entries(node).flatMap(([k, v]) => (typeof v === "object" && v ? walk(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
  return walk(JSON.parse(readFileSync(`extensions/${extension}/locales/${file}.json`, "utf8")), "").sort();
}
