import { describe, expect, it } from "vitest";
import { LOCALES, pickLocale, translator } from "../../app/i18n";

describe("translations", () => {
  it.each(Object.keys(LOCALES))("%s has every English key and no empty text", (locale) => {
    const messages = LOCALES[locale as keyof typeof LOCALES] as Record<string, string>;
    expect(Object.keys(messages).sort()).toEqual(Object.keys(LOCALES.en).sort());
    expect(Object.values(messages).filter((text) => !text.trim())).toEqual([]);
  });

  it("fills placeholders and falls back to English for unknown locales", () => {
    expect(translator("nl")("receivables.count", { count: 12 })).toBe("12 posten");
    expect(pickLocale("de-CH")).toBe("de");
    expect(pickLocale("ja")).toBe("en");
    expect(pickLocale(null)).toBe("en");
  });
});
