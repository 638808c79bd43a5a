/**
 * The customer page's loader and action, shared by its two addresses: /c/<token> on the app's own
 * domain and /proxy/c/<token> through Shopify's app proxy on the shop's domain.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { clock } from "../clock.server";
import { checkAccess, customerAction, loadCustomerPage } from "../services/customers/customerPage";
import { noticeDeps } from "../services/ingest/queueRunner.server";
import { customerTexts } from "../i18n/customer";
import { pickLocale } from "../i18n";
import { formatMoney, type CurrencyCode } from "../domain/money";
import { formatDate } from "../adapters/email/renderReminder";
import { readForm } from "./readForm.server";

/** A link that does not check out shows the same words whatever the cause: it reveals nothing. */
function refuse(status: 403 | 404 | 410, request: Request) {
  const t = customerTexts(pickLocale(request.headers.get("accept-language")));
  return Response.json({ refused: true as const, title: t(status === 410 ? "expiredLink" : "invalidLink"), help: t("invalidLinkHelp") }, { status });
}

/** `proxiedShop`: the shop whose domain the app proxy request came through, checked by Shopify's signature. */
export async function pageLoader({ request, params }: LoaderFunctionArgs, proxiedShop?: string) {
  const access = await checkAccess(db, params.token ?? "", process.env.SHOPIFY_API_SECRET ?? "", clock(), proxiedShop);
  if (!access.ok) return refuse(access.status, request);
  const page = await loadCustomerPage(db, access.link);
  const { shop, customer, receivables, locale, rules } = page;
  const tz = shop.timeZone;
  const today = clock();
  return Response.json({
    refused: false as const, locale,
    shop: { name: shop.name, brandColor: shop.brandColor, logoUrl: shop.logoUrl },
    customerName: [customer.firstName, customer.lastName].filter(Boolean).join(" "),
    rules: { maxInstalments: Math.max(2, rules.maxInstalments), promiseMaxDays: shop.promiseMaxDays },
    firstDueDefault: new Date(today.getTime() + 7 * 86_400_000).toISOString().slice(0, 10),
    receivables: receivables.map((r) => ({
      id: r.id, order: r.orderName, paymentUrl: r.paymentUrl,
      outstanding: formatMoney(Number(r.outstandingMinor), r.currency as CurrencyCode, locale),
      issued: formatDate(r.issuedAt, locale, tz), due: formatDate(r.dueAt, locale, tz),
      state: r.workflowState === "disputed" ? "disputed" : r.workflowState === "in_arrangement" ? "inArrangement"
        : r.pausedUntil && r.pausedUntil > today ? "paused" : null,
      instalments: r.arrangements[0]?.instalments.map((i) => ({
        seq: i.seq, amount: formatMoney(Number(i.amountMinor), r.currency as CurrencyCode, locale), due: formatDate(i.dueAt, locale, tz),
      })) ?? [],
    })),
  });
}

export async function pageAction({ request, params }: ActionFunctionArgs, proxiedShop?: string) {
  const access = await checkAccess(db, params.token ?? "", process.env.SHOPIFY_API_SECRET ?? "", clock(), proxiedShop);
  if (!access.ok) return refuse(access.status, request);
  const result = await customerAction(db, noticeDeps(), access.link, await readForm(request), clock());
  return Response.json(result, { status: result.ok ? 200 : 400 });
}

