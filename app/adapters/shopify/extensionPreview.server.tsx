/** @jsxImportSource preact */
/**
 * The admin extension's own components (extensions/dunly-admin) rendered to HTML for the app's
 * preview page: what Shopify's order and customer pages show, before the merchant adds the blocks.
 */
import { render } from "preact-render-to-string";
import { CustomerBlockView, OrderBlockView } from "../../../extensions/dunly-admin/src/views";
import { localeTranslator } from "../../../extensions/dunly-admin/src/localeText";
import type { CustomerBlock, NotFollowed, OrderBlock } from "../../services/surfaces/adminBlocks";
import type { Locale } from "../../i18n";

export function orderBlockHtml(data: OrderBlock | NotFollowed, locale: Locale): string {
  return render(<OrderBlockView data={data} t={localeTranslator(locale)} locale={locale} />);
}

export function customerBlockHtml(data: CustomerBlock | NotFollowed, locale: Locale): string {
  return render(<CustomerBlockView data={data} t={localeTranslator(locale)} locale={locale} />);
}
