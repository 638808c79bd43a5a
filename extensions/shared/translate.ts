/**
 * An extension's texts outside Shopify (the app's preview page, the tests): Shopify's
 * i18n.translate reads the same locale files this way, dotted keys with {{name}} replaced.
 */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

export function translatorFrom(messages: unknown, name: string): Translate {
  return (key, values = {}) => {
    const found = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
    if (typeof found !== "string") throw new Error(`${name}: no text for ${key}`);
    return found.replace(/\{\{(\w+)\}\}/g, (_, value: string) => String(values[value] ?? `{{${value}}}`));
  };
}

/** Shopify's translate in an extension: a string for string replacements. */
export function shopifyTranslator(i18n: { translate: (key: string, options?: Record<string, unknown>) => unknown }): Translate {
  return (key, values) => String(i18n.translate(key, values));
}
