/** Admin GraphQL order nodes -> the same domain snapshot the webhooks produce. */
import { asCurrency, parseMinor } from "../../../domain/money";
import type { OrderSnapshot } from "../../../domain/ledger";
import { httpsUrl, type CustomerRecord } from "../payloads";
import { PayloadError } from "../json";

interface MoneySet { shopMoney: { amount: string; currencyCode: string }; presentmentMoney?: { amount: string; currencyCode: string } }

export interface OrderNode {
  id: string;
  name: string;
  createdAt: string;
  processedAt: string | null;
  updatedAt: string;
  cancelledAt: string | null;
  test: boolean;
  displayFinancialStatus: string | null;
  customerLocale: string | null;
  statusPageUrl: string | null;
  paymentCollectionDetails: { additionalPaymentCollectionUrl: string | null } | null;
  currentTotalPriceSet: MoneySet;
  totalOutstandingSet: MoneySet;
  paymentTerms: {
    id: string;
    paymentTermsName: string;
    paymentTermsType: string;
    dueInDays: number | null;
    paymentSchedules: { nodes: { dueAt: string | null; completedAt: string | null }[] };
  } | null;
  customer: {
    id: string; email: string | null; firstName: string | null; lastName: string | null; phone: string | null;
    locale: string | null; tags: string[]; updatedAt: string | null;
    defaultAddress: {
      company: string | null; countryCodeV2: string | null;
      address1: string | null; address2: string | null; zip: string | null; city: string | null; province: string | null;
    } | null;
  } | null;
}

export function orderSnapshotFromNode(node: OrderNode): OrderSnapshot {
  const currency = asCurrency(node.currentTotalPriceSet.shopMoney.currencyCode);
  if (node.totalOutstandingSet.shopMoney.currencyCode !== currency) {
    throw new PayloadError(`order ${node.id} mixes currencies`);
  }
  const openDueDates = (node.paymentTerms?.paymentSchedules.nodes ?? [])
    .filter((s) => !s.completedAt && s.dueAt)
    .map((s) => Date.parse(s.dueAt!));
  return {
    orderGid: node.id,
    orderName: node.name,
    currency,
    issuedAt: new Date(node.processedAt ?? node.createdAt),
    updatedAt: new Date(node.updatedAt),
    totalMinor: parseMinor(node.currentTotalPriceSet.shopMoney.amount, currency),
    outstandingMinor: parseMinor(node.totalOutstandingSet.shopMoney.amount, currency),
    financialStatus: (node.displayFinancialStatus ?? "PENDING").toLowerCase(),
    cancelledAt: node.cancelledAt ? new Date(node.cancelledAt) : null,
    paymentTerms: node.paymentTerms && {
      gid: node.paymentTerms.id,
      name: node.paymentTerms.paymentTermsName,
      type: node.paymentTerms.paymentTermsType,
      dueInDays: node.paymentTerms.dueInDays,
      nextDueAt: openDueDates.length ? new Date(Math.min(...openDueDates)) : null,
    },
    customerGid: node.customer?.id ?? null,
    paymentUrl: httpsUrl(node.paymentCollectionDetails?.additionalPaymentCollectionUrl ?? null) ?? httpsUrl(node.statusPageUrl),
    test: node.test,
    presentment: presentmentOf(node.currentTotalPriceSet, currency),
  };
}

function presentmentOf(total: MoneySet, shopCurrency: string): OrderSnapshot["presentment"] {
  const money = total.presentmentMoney;
  if (!money || money.currencyCode === shopCurrency) return null;
  const currency = asCurrency(money.currencyCode);
  const totalMinor = parseMinor(money.amount, currency);
  return totalMinor > 0 ? { currency, totalMinor } : null;
}

export function customerFromNode(node: OrderNode): CustomerRecord | null {
  return node.customer && customerRecordOf(node.customer, node.customerLocale);
}

/** A customer as the Admin API gives it (on an order, a subscription contract). */
export type CustomerNode = NonNullable<OrderNode["customer"]>;

export function customerRecordOf(c: CustomerNode, fallbackLocale: string | null): CustomerRecord {
  return {
    gid: c.id, email: c.email, firstName: c.firstName, lastName: c.lastName,
    company: c.defaultAddress?.company ?? null, phone: c.phone, locale: c.locale ?? fallbackLocale,
    countryCode: c.defaultAddress?.countryCodeV2 ?? null,
    address1: c.defaultAddress?.address1 ?? null, address2: c.defaultAddress?.address2 ?? null, zip: c.defaultAddress?.zip ?? null,
    city: c.defaultAddress?.city ?? null, province: c.defaultAddress?.province ?? null,
    tags: c.tags.join(", "),
    updatedAt: c.updatedAt ? new Date(c.updatedAt) : null,
  };
}
