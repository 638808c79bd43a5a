/** GDPR: export or erase what we hold on a customer (where it lives: personalData.ts); erase a shop that left. */
import type { Db } from "../../db/client";
import { collectPersonalData, erasePersonalData, type DataSubject } from "./personalData";

export interface ComplianceRequestSubject {
  customerGid: string;
  orderGids: string[];
  /** the email Shopify names in the request, which may differ from the one we hold */
  email?: string | null;
}

async function dataSubject(db: Db, shop: { id: string; domain: string }, request: ComplianceRequestSubject): Promise<DataSubject> {
  const customer = await db.customer.findUnique({ where: { shopId_gid: { shopId: shop.id, gid: request.customerGid } } });
  const receivables = await db.receivable.findMany({
    where: { shopId: shop.id, OR: [{ orderGid: { in: request.orderGids } }, ...(customer ? [{ customerId: customer.id }] : [])] },
    select: { id: true, orderGid: true },
  });
  const emails = [...new Set([customer?.email, request.email].filter((e): e is string => Boolean(e)))];
  return {
    shopId: shop.id, shopDomain: shop.domain, customerId: customer?.id ?? null, customerGid: request.customerGid,
    receivableIds: receivables.map((r) => r.id),
    orderGids: [...new Set([...request.orderGids, ...receivables.map((r) => r.orderGid)])],
    // the gid with its closing quote, so Customer/44 does not match Customer/4402
    identifiers: [`${request.customerGid}"`, ...emails],
  };
}

/** Money as text: the export is JSON, and amounts are exact integers of minor units. */
const exportable = (value: unknown) => JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v)));

export async function exportCustomerData(db: Db, shop: { id: string; domain: string }, request: ComplianceRequestSubject) {
  const subject = await dataSubject(db, shop, request);
  const held = await collectPersonalData(db, subject);
  const [customer] = (held.Customer ?? []) as { gid: string; email: string | null; firstName: string | null; lastName: string | null; company: string | null; phone: string | null; locale: string | null; countryCode: string | null; address1: string | null; address2: string | null; zip: string | null; city: string | null; province: string | null; tags: string;
    vatNumber: string | null; vatStatus: string | null; vatCheckedAt: Date | null; vatRegisteredName: string | null; vatRegisteredAddress: string | null;
    bureauSource: string | null; bureauCompanyName: string | null; bureauScore: number | null; bureauRating: string | null; bureauLimitMinor: bigint | null; bureauLimitCurrency: string | null; bureauCheckedAt: Date | null }[];
  const receivables = await db.receivable.findMany({ where: { shopId: shop.id, id: { in: subject.receivableIds } }, orderBy: { issuedAt: "asc" } });
  return exportable({
    customer: customer && {
      gid: customer.gid, email: customer.email, firstName: customer.firstName, lastName: customer.lastName, company: customer.company,
      phone: customer.phone, locale: customer.locale, countryCode: customer.countryCode, address1: customer.address1, address2: customer.address2,
      zip: customer.zip, city: customer.city, province: customer.province, tags: customer.tags,
      vatNumber: customer.vatNumber, vatStatus: customer.vatStatus, vatCheckedAt: customer.vatCheckedAt,
      vatRegisteredName: customer.vatRegisteredName, vatRegisteredAddress: customer.vatRegisteredAddress,
      creditBureau: customer.bureauCheckedAt && {
        source: customer.bureauSource, company: customer.bureauCompanyName, score: customer.bureauScore, rating: customer.bureauRating,
        advisedLimit: customer.bureauLimitMinor, currency: customer.bureauLimitCurrency, checkedAt: customer.bureauCheckedAt,
      },
    },
    receivables: receivables.map((r) => ({
      order: r.orderName, orderGid: r.orderGid, currency: r.currency, total: r.totalMinor.toString(),
      outstanding: r.outstandingMinor.toString(), issuedAt: r.issuedAt, dueAt: r.dueAt, status: r.status,
    })),
    messages: held.Message ?? [], disputes: held.Dispute ?? [], disputeMessages: held.DisputeMessage ?? [], arrangements: held.Arrangement ?? [],
    tasks: held.Task ?? [], alerts: held.Alert ?? [], timeline: held.LedgerEvent ?? [], pauses: held.Receivable ?? [],
    flowTriggers: held.FlowEvent ?? [], promises: held.PaymentPromise ?? [], forecasts: held.PaymentForecast ?? [],
  });
}

/** Erases the person everywhere personalData.ts lists; the amounts stay (bookkeeping needs them) but point to no one. */
export async function redactCustomer(db: Db, shop: { id: string; domain: string }, request: ComplianceRequestSubject, now: Date) {
  const subject = await dataSubject(db, shop, request);
  await erasePersonalData(db, subject, now);
  return { orders: subject.orderGids.length };
}

/** shop/redact (48 hours after uninstall): every row of the shop goes; the stored webhooks keep no content. */
export async function eraseShop(db: Db, domain: string): Promise<void> {
  const shop = await db.shop.findUnique({ where: { domain } });
  if (shop) {
    // rows that point at the shop without a foreign key (the rest cascades from Shop)
    await db.ledgerEvent.deleteMany({ where: { shopId: shop.id } });
    await db.task.deleteMany({ where: { shopId: shop.id } });
    await db.alert.deleteMany({ where: { shopId: shop.id } });
    await db.message.deleteMany({ where: { shopId: shop.id } });
    await db.dispute.deleteMany({ where: { shopId: shop.id } });
    await db.arrangement.deleteMany({ where: { shopId: shop.id } });
    await db.bankEntry.deleteMany({ where: { shopId: shop.id } });
    await db.bankStatement.deleteMany({ where: { shopId: shop.id } });
    await db.paymentAllocation.deleteMany({ where: { shopId: shop.id } });
    await db.customerBankAccount.deleteMany({ where: { shopId: shop.id } });
    await db.providerPayment.deleteMany({ where: { shopId: shop.id } });
    await db.shop.delete({ where: { id: shop.id } });
  }
  await db.session.deleteMany({ where: { shop: domain } });
  await db.complianceRequest.updateMany({ where: { shopDomain: domain }, data: { export: null } });
  await db.webhookDelivery.updateMany({ where: { shopDomain: domain }, data: { payload: "{\"redacted\":true}", error: null } });
}

/** app/uninstalled: the access token is void and follow-up stops; data waits for shop/redact. */
export async function markUninstalled(db: Db, domain: string, now: Date): Promise<void> {
  await db.session.deleteMany({ where: { shop: domain } });
  await db.shop.updateMany({ where: { domain }, data: { uninstalledAt: now } });
}
