import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Banner, Box, InlineStack } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import enPolaris from "@shopify/polaris/locales/en.json";
import nlPolaris from "@shopify/polaris/locales/nl.json";
import dePolaris from "@shopify/polaris/locales/de.json";
import frPolaris from "@shopify/polaris/locales/fr.json";
import { requireAdmin } from "../auth.server";
import { clock } from "../clock.server";
import { formatDate } from "../adapters/email/renderReminder";
import { translator } from "../i18n";
import { I18nContext } from "../i18n/react";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

/** The admin's pages, in the order of the navigation (App Bridge's NavMenu, or the demo's link bar). */
const NAV = [
  ["/app", "nav.dashboard"], ["/app/receivables", "nav.receivables"], ["/app/worklist", "nav.worklist"], ["/app/customers", "nav.customers"],
  ["/app/bank", "nav.bank"], ["/app/messages", "nav.messages"], ["/app/disputes", "nav.disputes"], ["/app/arrangements", "nav.arrangements"],
  ["/app/tasks", "nav.tasks"], ["/app/segments", "nav.segments"], ["/app/reports", "nav.reports"], ["/app/inside-shopify", "nav.insideShopify"], ["/app/settings", "nav.settings"],
] as const;

const POLARIS = { en: enPolaris, nl: nlPolaris, de: dePolaris, fr: frPolaris };

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, demo, locale } = await requireAdmin(request);
  // the demo's book is played up to "now" (DUNLY_NOW in tests), in the demo shop's time zone: the banner says which day
  const bookDate = demo ? formatDate(clock(), locale, shop.timeZone) : null;
  return { apiKey: process.env.SHOPIFY_API_KEY || "", demo, locale, shopName: shop.name, bookDate };
}

export default function AppLayout() {
  const { apiKey, demo, locale, bookDate } = useLoaderData<typeof loader>();
  const t = translator(locale);
  const busy = useNavigation().state !== "idle";
  return (
    <AppProvider isEmbeddedApp={!demo} apiKey={apiKey} i18n={POLARIS[locale]}>
      <I18nContext.Provider value={locale}>
        {/* loading state for every screen: a thin bar while a page or a form is on its way */}
        <div role="progressbar" aria-label={t("loading")} aria-busy={busy} data-testid="loading-bar"
          style={{ position: "fixed", top: 0, left: 0, height: 3, zIndex: 1000, background: "#1f6f50", transition: "width .3s", width: busy ? "80%" : "0" }} />
        {demo ? (
          <Box padding="400">
            <Banner tone="info">{t("demo.banner")} {bookDate && <span data-testid="demo-book-date">{t("demo.bookDate", { date: bookDate })}</span>}</Banner>
            <Box paddingBlockStart="200">
              <InlineStack gap="400">
                {NAV.map(([to, key]) => <Link key={to} to={to}>{t(key)}</Link>)}
              </InlineStack>
            </Box>
          </Box>
        ) : (
          <NavMenu>
            {NAV.map(([to, key]) => <Link key={to} to={to} rel={to === "/app" ? "home" : undefined}>{t(key)}</Link>)}
          </NavMenu>
        )}
        <Outlet />
      </I18nContext.Provider>
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses so that their headers reach the browser.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
