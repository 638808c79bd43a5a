/**
 * Where a customer's personal data lives: one list, read by the GDPR export (customers/data_request)
 * and the erasure (customers/redact). A test reads the schema and fails when a text column is in
 * neither PERSONAL_COLUMNS nor NOT_PERSONAL, so a new column has to be placed here before it ships.
 */
import type { Db } from "../../db/client";

/** Whose data: the customer, the orders they own or Shopify names, and what identifies them in raw text. */
export interface DataSubject {
  shopId: string;
  shopDomain: string;
  customerId: string | null;
  customerGid: string;
  receivableIds: string[];
  orderGids: string[];
  /** strings that name the person in stored raw webhook bodies: email, the numeric customer id */
  identifiers: string[];
}

export const ERASED = "[erased]";
const REDACTED_PAYLOAD = "{\"redacted\":true}";

/** Timeline detail keys that never hold personal data; every other key (to, subject, note, reason, ...) is erased. */
const NEUTRAL_DETAIL_KEYS = new Set([
  "stepKey", "channel", "purpose", "status", "attempt", "final", "financialStatus", "cancelled", "outstandingDeltaMinor", "type", "amount",
  "arrangement", "instalments", "source", "missedInstalment", "disputeId", "resolution", "state", "until", "scope", "resumed", "announced",
  "payBefore", "profile", "inMessage", "basis", "totalMinor", "orders", "promisedFor", "outsideShopify",
  "event", "errorCode", "byUs", "retry", "outcome",
]);

export function eraseDetail(detail: string): string {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(detail);
  } catch {
    return JSON.stringify({ erased: true });
  }
  return JSON.stringify(Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, NEUTRAL_DETAIL_KEYS.has(key) ? value : ERASED])));
}

interface PersonalTable {
  /** the columns that can hold the person's data */
  columns: readonly string[];
  /** their rows about the person, for the export */
  rows(db: Db, s: DataSubject): Promise<unknown[]>;
  erase(db: Db, s: DataSubject, now: Date): Promise<void>;
}

/** Flow trigger payloads name the customer and the orders by their numeric Shopify ids (a custom field always follows them). */
const flowEventsAbout = (s: DataSubject) => ({
  shopId: s.shopId,
  OR: [s.customerGid, ...s.orderGids].flatMap((gid) => {
    const match = /\/(Customer|Order)\/(\d+)$/.exec(gid);
    return match ? [{ payload: { contains: `"${match[1] === "Customer" ? "customer_id" : "order_id"}":${match[2]},` } }] : [];
  }),
});

const deliveriesAbout = (s: DataSubject) => ({
  shopDomain: s.shopDomain,
  OR: [
    { customerGid: s.customerGid },
    { orderGid: { in: s.orderGids } },
    // deliveries never applied (rejected, or the compliance requests themselves) carry no subject: found by their text
    ...s.identifiers.map((text) => ({ payload: { contains: text } })),
  ],
});

export const PERSONAL_DATA: Record<string, PersonalTable> = {
  Customer: {
    columns: [
      "email", "firstName", "lastName", "company", "sortName", "phone", "address1", "address2", "zip", "city", "province", "tags", "reminderPauseReason", "emailStoppedAddress", "emailStoppedReason",
      // a sole trader's VAT number and registered name and address identify the person
      "vatNumber", "vatRegisteredName", "vatRegisteredAddress",
      // the bureau's view of a sole trader is a credit profile of the person
      "bureauCompanyId", "bureauCompanyName",
    ],
    rows: (db, s) => db.customer.findMany({ where: { shopId: s.shopId, gid: s.customerGid } }),
    erase: async (db, s, now) => {
      await db.customer.updateMany({
        where: { shopId: s.shopId, gid: s.customerGid },
        data: {
          email: null, firstName: null, lastName: null, company: null, sortName: null, phone: null, tags: "", redactedAt: now, address1: null, address2: null,
          zip: null, city: null, province: null, reminderPauseReason: null, emailStoppedAddress: null, emailStoppedReason: null,
          vatNumber: null, vatStatus: null, vatCheckedAt: null, vatRegisteredName: null, vatRegisteredAddress: null,
          bureauStatus: null, bureauSource: null, bureauCompanyId: null, bureauCompanyName: null, bureauScore: null, bureauRating: null,
          bureauLimitMinor: null, bureauLimitCurrency: null, bureauCheckedAt: null,
        },
      });
    },
  },
  Receivable: {
    columns: ["pauseReason"],
    rows: (db, s) => db.receivable.findMany({ where: { shopId: s.shopId, id: { in: s.receivableIds } }, select: { orderName: true, pauseReason: true, pausedUntil: true } }),
    erase: async (db, s) => {
      await db.receivable.updateMany({ where: { shopId: s.shopId, id: { in: s.receivableIds }, pauseReason: { not: null } }, data: { pauseReason: ERASED } });
    },
  },
  Message: {
    columns: ["toAddress", "subject", "html", "text", "error"],
    rows: (db, s) => db.message.findMany({
      where: { shopId: s.shopId, receivableId: { in: s.receivableIds } },
      select: { stepKey: true, channel: true, purpose: true, status: true, toAddress: true, subject: true, text: true, error: true, createdAt: true, sentAt: true },
    }),
    erase: async (db, s) => {
      await db.message.updateMany({ where: { shopId: s.shopId, receivableId: { in: s.receivableIds } }, data: { toAddress: null, subject: null, html: null, text: null, error: null } });
    },
  },
  DisputeMessage: {
    columns: ["body"],
    rows: (db, s) => db.disputeMessage.findMany({ where: { dispute: { shopId: s.shopId, receivableId: { in: s.receivableIds } } }, select: { author: true, body: true, createdAt: true } }),
    erase: async (db, s) => {
      await db.disputeMessage.updateMany({ where: { dispute: { shopId: s.shopId, receivableId: { in: s.receivableIds } } }, data: { body: ERASED } });
    },
  },
  Dispute: {
    columns: [],
    rows: (db, s) => db.dispute.findMany({ where: { shopId: s.shopId, receivableId: { in: s.receivableIds } }, select: { source: true, reason: true, status: true, resolution: true, openedAt: true, resolvedAt: true } }),
    erase: async () => undefined,
  },
  Arrangement: {
    columns: [],
    rows: (db, s) => db.arrangement.findMany({
      where: { shopId: s.shopId, receivableId: { in: s.receivableIds } },
      select: { status: true, source: true, totalMinor: true, currency: true, createdAt: true, endedAt: true, instalments: { select: { seq: true, amountMinor: true, dueAt: true } } },
    }),
    erase: async () => undefined,
  },
  PaymentForecast: {
    // a forecast of how this person will pay is profiling: it is in their data request, and goes with the erasure
    columns: [],
    rows: (db, s) => db.paymentForecast.findMany({ where: { shopId: s.shopId, receivableId: { in: s.receivableIds } }, select: { lateProbability: true, bucket: true, reasons: true, scoredAt: true } }),
    erase: async (db, s) => {
      await db.paymentForecast.deleteMany({ where: { shopId: s.shopId, receivableId: { in: s.receivableIds } } });
    },
  },
  PaymentPromise: {
    columns: [],
    rows: (db, s) => db.paymentPromise.findMany({ where: { shopId: s.shopId, receivableId: { in: s.receivableIds } }, select: { source: true, promisedFor: true, status: true, createdAt: true } }),
    erase: async () => undefined,
  },
  LedgerEvent: {
    columns: ["detail"],
    rows: (db, s) => db.ledgerEvent.findMany({ where: { shopId: s.shopId, orderGid: { in: s.orderGids } }, select: { orderGid: true, kind: true, amountMinor: true, currency: true, occurredAt: true, detail: true } }),
    erase: async (db, s) => {
      const events = await db.ledgerEvent.findMany({ where: { shopId: s.shopId, orderGid: { in: s.orderGids } }, select: { id: true, detail: true } });
      for (const event of events) {
        const erased = eraseDetail(event.detail);
        if (erased !== event.detail) await db.ledgerEvent.update({ where: { id: event.id }, data: { detail: erased } });
      }
    },
  },
  SubscriptionRenewal: {
    // the bank's own words on the declined charge may name the card
    columns: ["errorMessage"],
    rows: (db, s) => db.subscriptionRenewal.findMany({
      where: { shopId: s.shopId, receivableId: { in: s.receivableIds } },
      select: { cycleIndex: true, errorCode: true, errorMessage: true, firstFailedAt: true, failedAttempts: true, retriesSent: true, outcome: true, recoveredAt: true },
    }),
    erase: async (db, s) => {
      await db.subscriptionRenewal.updateMany({ where: { shopId: s.shopId, receivableId: { in: s.receivableIds } }, data: { errorMessage: null } });
    },
  },
  Task: {
    columns: ["title", "words"],
    rows: (db, s) => db.task.findMany({ where: { shopId: s.shopId, receivableId: { in: s.receivableIds } }, select: { kind: true, title: true, words: true, dueAt: true, doneAt: true } }),
    erase: async (db, s) => {
      await db.task.updateMany({ where: { shopId: s.shopId, receivableId: { in: s.receivableIds } }, data: { title: ERASED, words: null } });
    },
  },
  FlowEvent: {
    columns: ["payload"],
    rows: (db, s) => db.flowEvent.findMany({ where: flowEventsAbout(s), select: { handle: true, payload: true, status: true, createdAt: true, sentAt: true } }),
    // a trigger already sent is Flow's now; what is left here goes, and nothing about the person is sent after
    erase: async (db, s) => {
      await db.flowEvent.deleteMany({ where: flowEventsAbout(s) });
    },
  },
  Alert: {
    columns: ["message", "words"],
    rows: (db, s) => db.alert.findMany({ where: alertsAbout(s), select: { kind: true, message: true, words: true, createdAt: true } }),
    erase: async (db, s) => {
      await db.alert.updateMany({ where: alertsAbout(s), data: { message: ERASED, words: null } });
    },
  },
  BankEntry: {
    columns: ["counterpartyName", "counterpartyIban", "remittance"],
    rows: (db, s) => (s.customerId ? db.bankEntry.findMany({
      where: { shopId: s.shopId, customerId: s.customerId },
      select: { bookedOn: true, amountMinor: true, currency: true, counterpartyName: true, counterpartyIban: true, remittance: true, status: true },
    }) : Promise.resolve([])),
    erase: async (db, s) => {
      if (!s.customerId) return;
      await db.bankEntry.updateMany({ where: { shopId: s.shopId, customerId: s.customerId }, data: { counterpartyName: null, counterpartyIban: null, remittance: ERASED } });
    },
  },
  CustomerBankAccount: {
    columns: ["iban"],
    rows: (db, s) => (s.customerId ? db.customerBankAccount.findMany({ where: { shopId: s.shopId, customerId: s.customerId }, select: { iban: true, learnedAt: true } }) : Promise.resolve([])),
    erase: async (db, s) => {
      if (s.customerId) await db.customerBankAccount.deleteMany({ where: { shopId: s.shopId, customerId: s.customerId } });
    },
  },
  ComplianceRequest: {
    columns: ["export"],
    // earlier exports are copies of what is erased here; they are not exported again
    rows: async () => [],
    erase: async (db, s) => {
      await db.complianceRequest.updateMany({ where: { shopDomain: s.shopDomain, customerGid: s.customerGid }, data: { export: null } });
    },
  },
  WebhookDelivery: {
    columns: ["payload", "error"],
    rows: async () => [],
    erase: async (db, s) => {
      await db.webhookDelivery.updateMany({ where: deliveriesAbout(s), data: { payload: REDACTED_PAYLOAD, error: null } });
    },
  },
};

function alertsAbout(s: DataSubject) {
  return { shopId: s.shopId, OR: [{ receivableId: { in: s.receivableIds } }, ...(s.customerId ? [{ customerId: s.customerId }] : [])] };
}

/**
 * Text columns that hold no customer's personal data, each with the reason. Staff and merchant data
 * (Session, Shop) goes with shop/redact.
 */
export const NOT_PERSONAL: Record<string, Record<string, string>> = {
  Session: { id: "key", shop: "shop domain", state: "OAuth state", scope: "scopes", accessToken: "the shop's token", firstName: "staff member", lastName: "staff member", email: "staff member", locale: "staff member", refreshToken: "the shop's token" },
  Shop: {
    id: "key", domain: "shop", name: "shop", currency: "code", legalProfile: "setting", timeZone: "setting", senderName: "merchant", senderEmail: "merchant",
    replyTo: "merchant", logoUrl: "merchant", iban: "merchant's account", mollieApiKey: "the merchant's secret (goes with shop/redact)", accountHolder: "merchant", brandColor: "setting", alertDigestEmail: "merchant", alertDigestSentOn: "date", staffLocale: "setting",
    creditsafeUsername: "the merchant's account (goes with shop/redact)", creditsafePassword: "the merchant's secret (goes with shop/redact)",
    renewalRetryDays: "setting", renewalFinalAction: "setting", replanCursorId: "key",
  },
  SubscriptionRenewal: {
    id: "key", shopId: "key", receivableId: "key", contractGid: "Shopify id", originOrderGid: "Shopify id", customerGid: "Shopify id", customerPaymentMethodGid: "Shopify id (no card data)",
    errorCode: "code", retryKey: "our attempt key", challengeUrl: "Shopify's payment page", outcome: "code",
    recoveredBy: "code", finalActionError: "Shopify's answer",
  },
  Segment: { id: "key", shopId: "key", name: "merchant's rule", conditions: "merchant's rule", steps: "merchant's flow" },
  PredictionModel: { id: "key", shopId: "key", kind: "code", model: "fitted weights over all customers", calibration: "aggregate figures" },
  PaymentForecast: { id: "key", shopId: "key", receivableId: "key (the forecast goes with its receivable)", bucket: "code", reasons: "feature codes" },
  Message: { id: "key", shopId: "key", receivableId: "key", groupedInto: "key", customerRunKey: "key", stepKey: "flow step", variant: "experiment", idempotencyKey: "key", channel: "code", purpose: "code", locale: "code", status: "code", providerId: "provider's id" },
  Task: { id: "key", shopId: "key", receivableId: "key", messageId: "key", kind: "code", assignee: "staff member" },
  Customer: { id: "key", shopId: "key", gid: "Shopify id", locale: "code", countryCode: "code (kept for aging by country)", riskLevel: "code", creditStatusPushed: "code", vatStatus: "code",
    bureauStatus: "code", bureauSource: "provider's name", bureauRating: "code", bureauLimitCurrency: "code",
  },
  Receivable: {
    id: "key", shopId: "key", kind: "code", orderGid: "Shopify id", orderName: "order number", customerId: "key", currency: "code", status: "code", financialStatus: "code",
    paymentTermsName: "terms", paymentTermsGid: "Shopify id", paymentUrl: "Shopify's payment page", workflowState: "code", segmentId: "key",
    snapshot: "amounts, dates, ids (no names or addresses: app/domain/ledger.ts OrderSnapshot)",
  },
  LedgerEvent: { id: "key", shopId: "key", orderGid: "Shopify id", kind: "code", sourceKey: "key", currency: "code", webhookId: "key" },
  WebhookDelivery: { id: "key", webhookId: "key", shopDomain: "shop", topic: "code", apiVersion: "code", status: "code", orderGid: "Shopify id", customerGid: "Shopify id" },
  ComplianceRequest: { id: "key", shopDomain: "shop", topic: "code", customerGid: "Shopify id" },
  Dispute: { id: "key", shopId: "key", receivableId: "key", source: "code", reason: "code from a fixed list", status: "code", resolution: "code", assignee: "staff member", shopifyDisputeGid: "Shopify id" },
  DisputeMessage: { id: "key", disputeId: "key", author: "code" },
  Arrangement: { id: "key", shopId: "key", receivableId: "key", source: "code", status: "code", currency: "code" },
  Instalment: { id: "key", arrangementId: "key" },
  Alert: { id: "key", shopId: "key", kind: "code", key: "key", customerId: "key", receivableId: "key" },
  PaymentPromise: { id: "key", shopId: "key", receivableId: "key", source: "code", status: "code" },
  BankStatement: { id: "key", shopId: "key", format: "code", statementRef: "the shop's account and the bank's statement id", accountIban: "the shop's own account", fileName: "the merchant's file" },
  BankEntry: {
    id: "key", shopId: "key", statementId: "key", entryKey: "the shop's account and the bank's entry id (or a digest)", currency: "code", direction: "code",
    structuredReference: "the order's payment reference", bankReference: "the bank's id", status: "code", reasons: "codes", proposal: "keys and amounts",
    customerId: "key", matchedBy: "code",
  },
  PaymentAllocation: {
    id: "key", shopId: "key", receivableId: "key", source: "code", sourceId: "key", currency: "code", ledgerKey: "key", writeBackStatus: "code",
    writeBackError: "Shopify's answer", shopifyTransactionGid: "Shopify id",
  },
  CustomerBankAccount: { id: "key", shopId: "key", customerId: "key" },
  DashboardSnapshot: { shopId: "key", summary: "counts and sums of the whole book (no names)" },
  FlowTriggerUse: { shopId: "key", handle: "code" },
  FlowEvent: { id: "key", shopId: "key", handle: "code", eventKey: "our ids of the event", status: "code", error: "Shopify's refusal or our reason" },
  FlowActionRun: { id: "key", shopId: "key", actionRunId: "Flow's id", handle: "code", status: "code", message: "our answer (names an order number at most)" },
  ProviderPayment: {
    id: "key", shopId: "key", provider: "code", providerPaymentId: "provider's id", receivableId: "key", arrangementId: "key", currency: "code",
    status: "code", checkoutUrl: "provider's payment page",
  },
};

/** Everything held on the person, table by table. */
export async function collectPersonalData(db: Db, subject: DataSubject): Promise<Record<string, unknown[]>> {
  const entries = await Promise.all(Object.entries(PERSONAL_DATA).map(async ([table, entry]) => [table, await entry.rows(db, subject)] as const));
  return Object.fromEntries(entries.filter(([, rows]) => rows.length > 0));
}

export async function erasePersonalData(db: Db, subject: DataSubject, now: Date): Promise<void> {
  for (const entry of Object.values(PERSONAL_DATA)) await entry.erase(db, subject, now);
}
