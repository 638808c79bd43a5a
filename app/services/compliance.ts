/** GDPR: export or erase what we hold on a customer; erase a shop that left. */
import type { Db } from "../db/client";

export async function exportCustomerData(db: Db, shopId: string, customerGid: string, orderGids: string[]) {
  const customer = await db.customer.findUnique({ where: { shopId_gid: { shopId, gid: customerGid } } });
  const receivables = await db.receivable.findMany({
    where: { shopId, OR: [{ orderGid: { in: orderGids } }, ...(customer ? [{ customerId: customer.id }] : [])] },
    orderBy: { issuedAt: "asc" },
  });
  const events = await db.ledgerEvent.findMany({
    where: { shopId, orderGid: { in: receivables.map((r) => r.orderGid) } },
    orderBy: { occurredAt: "asc" },
  });
  return {
    customer: customer && {
      gid: customer.gid, email: customer.email, firstName: customer.firstName, lastName: customer.lastName,
      company: customer.company, phone: customer.phone, locale: customer.locale, countryCode: customer.countryCode,
      address1: customer.address1, address2: customer.address2, zip: customer.zip, city: customer.city, province: customer.province,
      tags: customer.tags,
    },
    receivables: receivables.map((r) => ({
      order: r.orderName, orderGid: r.orderGid, currency: r.currency, total: r.totalMinor.toString(),
      outstanding: r.outstandingMinor.toString(), issuedAt: r.issuedAt, dueAt: r.dueAt, status: r.status,
    })),
    ledger: events.map((e) => ({ orderGid: e.orderGid, kind: e.kind, amount: e.amountMinor.toString(),
      currency: e.currency, occurredAt: e.occurredAt })),
  };
}

/**
 * Erases personal data; the amounts stay (bookkeeping needs them) but no longer point to a person.
 * Stored webhook bodies about the customer or the orders are blanked too.
 */
export async function redactCustomer(db: Db, shop: { id: string; domain: string }, customerGid: string, orderGids: string[], now: Date) {
  const customer = await db.customer.findUnique({ where: { shopId_gid: { shopId: shop.id, gid: customerGid } } });
  const ownOrders = customer
    ? (await db.receivable.findMany({ where: { shopId: shop.id, customerId: customer.id }, select: { orderGid: true } }))
        .map((r) => r.orderGid)
    : [];
  const orders = [...new Set([...orderGids, ...ownOrders])];
  if (customer) {
    await db.customer.update({
      where: { id: customer.id },
      data: {
        email: null, firstName: null, lastName: null, company: null, phone: null, tags: "", redactedAt: now,
        address1: null, address2: null, zip: null, city: null, province: null, emailStoppedAddress: null, emailStoppedReason: null,
      },
    });
  }
  await db.webhookDelivery.updateMany({
    where: { shopDomain: shop.domain, OR: [{ customerGid }, { orderGid: { in: orders } }] },
    data: { payload: "{\"redacted\":true}" },
  });
  return { orders: orders.length };
}

/** shop/redact (48 hours after uninstall): every row of the shop goes. */
export async function eraseShop(db: Db, domain: string): Promise<void> {
  const shop = await db.shop.findUnique({ where: { domain } });
  if (shop) {
    await db.ledgerEvent.deleteMany({ where: { shopId: shop.id } });
    await db.shop.delete({ where: { id: shop.id } }); // customers and receivables cascade
  }
  await db.session.deleteMany({ where: { shop: domain } });
  await db.webhookDelivery.updateMany({ where: { shopDomain: domain }, data: { payload: "{\"redacted\":true}" } });
}

/** app/uninstalled: the access token is void and follow-up stops; data waits for shop/redact. */
export async function markUninstalled(db: Db, domain: string, now: Date): Promise<void> {
  await db.session.deleteMany({ where: { shop: domain } });
  await db.shop.updateMany({ where: { domain }, data: { uninstalledAt: now } });
}
