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
import { owedText } from "../services/ledger/owedAmount";
import { personName } from "../domain/customerNames";
import { readForm } from "./readForm.server";
import { redirect } from "@remix-run/node";
import { dueInstalment, InstalmentPaymentError } from "../services/payments/instalmentPayments";
import { instalmentCheckoutUrl } from "../services/payments/mollieDesk.server";
import { MollieError } from "../adapters/payments/mollie";
import { customerRefusal } from "../domain/refusals";
import { refusedJson } from "./refused.server";

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
  const dueInstalments = new Map(await Promise.all(receivables.filter((r) => r.workflowState === "in_arrangement")
    .map(async (r) => [r.id, await dueInstalment(db, shop.id, r.id, today)] as const)));
  return Response.json({
    refused: false as const, locale,
    shop: { name: shop.name, brandColor: shop.brandColor, logoUrl: shop.logoUrl },
    customerName: personName(customer) ?? "",
    rules: { maxInstalments: Math.max(2, rules.maxInstalments), promiseMaxDays: shop.promiseMaxDays },
    firstDueDefault: new Date(today.getTime() + 7 * 86_400_000).toISOString().slice(0, 10),
    receivables: receivables.map((r) => ({
      id: r.id, order: r.orderName, paymentUrl: r.paymentUrl, renewal: r.kind === "renewal",
      outstanding: owedText(r, locale),
      issued: formatDate(r.issuedAt, locale, tz), due: formatDate(r.dueAt, locale, tz),
      state: r.workflowState === "disputed" ? "disputed" : r.workflowState === "in_arrangement" ? "inArrangement"
        : r.pausedUntil && r.pausedUntil > today ? "paused" : null,
      instalments: r.arrangements[0]?.instalments.map((i) => ({
        seq: i.seq, amount: formatMoney(Number(i.amountMinor), r.currency as CurrencyCode, locale), due: formatDate(i.dueAt, locale, tz),
      })) ?? [],
      nextInstalment: instalmentView(dueInstalments.get(r.id) ?? null, shop, locale),
    })),
  });
}

/** The next instalment as the page shows it: paid online (Mollie) or by transfer with its own reference. */
function instalmentView(due: Awaited<ReturnType<typeof dueInstalment>>, shop: { iban: string | null; accountHolder: string | null; name: string; mollieApiKey: string | null }, locale: "en" | "nl" | "de" | "fr") {
  if (!due) return null;
  return {
    seq: due.seq, count: due.count, amount: formatMoney(due.amountMinor, due.currency, locale), online: Boolean(shop.mollieApiKey),
    transfer: shop.iban && due.reference ? { iban: shop.iban, holder: shop.accountHolder ?? shop.name, reference: due.reference } : null,
  };
}

export async function pageAction({ request, params }: ActionFunctionArgs, proxiedShop?: string) {
  const access = await checkAccess(db, params.token ?? "", process.env.SHOPIFY_API_SECRET ?? "", clock(), proxiedShop);
  if (!access.ok) return refuse(access.status, request);
  const form = await readForm(request);
  if (form.get("intent") === "pay_instalment") return payInstalment(request, access.link, String(form.get("receivableId") ?? ""));
  const result = await customerAction(db, noticeDeps(), access.link, form, clock());
  return Response.json(result, { status: result.ok ? 200 : 400 });
}

/** To Mollie's payment page for exactly the next instalment of one of the customer's own orders. */
async function payInstalment(request: Request, link: { shopId: string; customerId: string }, receivableId: string) {
  const own = await db.receivable.count({ where: { id: receivableId, shopId: link.shopId, customerId: link.customerId } });
  if (!own) return refusedJson({ code: "unknown_order" }, "not one of your orders");
  try {
    const appUrl = noticeDeps().appUrl;
    const url = await instalmentCheckoutUrl(link.shopId, receivableId, appUrl, request.url, clock());
    if (!url) return refusedJson({ code: "instalments_by_transfer" }, "this shop takes instalments by bank transfer: see the details on this page");
    return redirect(url, 303);
  } catch (error) {
    if (error instanceof InstalmentPaymentError) return refusedJson(customerRefusal(error.refusal), error.message);
    if (error instanceof MollieError) return refusedJson({ code: "payment_page_unavailable" }, "Mollie did not open a payment page", 502);
    throw error;
  }
}

