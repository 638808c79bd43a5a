/** Customers with their payment behaviour, risk level and reasons, computed from the ledger. */
import { recordFlowEvent } from "../automation/flowEvents";
import type { Db } from "../../db/client";
import { emailStopped } from "../followUp/emailEvents";
import { assessRisk, behaviourProfile, riskRulesOf, type RiskAssessment, type BehaviourProfile } from "../../domain/risk";
import { parseMinor, MoneyError, type CurrencyCode } from "../../domain/money";
import { raiseAlert, type AlertToRaise } from "../insight/alerts";
import type { ScreeningFacts } from "../../domain/screening/screening";
import type { Cursor } from "../../domain/keyset";
import { keysetPage, keysetQuery, type KeysetSort } from "../../db/keyset";
import { customerName, foldName } from "../../domain/customerNames";
import { translator } from "../../i18n";
import { riskReasonsText } from "../../i18n/riskReasons";
import { RefusalError } from "../../domain/refusals";

/** Alerts and Flow values are kept in English (a stored text, read in any language). */
const ENGLISH = translator("en");

export interface CustomerRow {
  id: string;
  name: string;
  email: string | null;
  /** why email to this customer is stopped (a bounce or spam complaint reported by Resend), if it is */
  emailStoppedReason: string | null;
  countryCode: string | null;
  isCompany: boolean;
  creditLimitMinor: number | null;
  /** paid beyond what matched orders owed (bank transfers): the shop owes the customer this */
  creditMinor: number;
  profile: BehaviourProfile;
  risk: RiskAssessment;
}

/** Profiles for a set of customers in three queries, whatever their number. */
export async function profilesFor(db: Db, shopId: string, customerIds: string[], now: Date) {
  const [receivables, disputes, broken, brokenPromises] = await Promise.all([
    db.receivable.findMany({
      where: { shopId, customerId: { in: customerIds }, creditSale: true },
      select: { customerId: true, dueAt: true, paidAt: true, status: true, outstandingMinor: true },
    }),
    db.dispute.findMany({ where: { shopId, status: "open", receivable: { customerId: { in: customerIds } } }, select: { receivable: { select: { customerId: true } } } }),
    db.arrangement.findMany({ where: { shopId, status: "broken", receivable: { customerId: { in: customerIds } } }, select: { receivable: { select: { customerId: true } } } }),
    db.paymentPromise.findMany({ where: { shopId, status: "broken", receivable: { customerId: { in: customerIds } } }, select: { receivable: { select: { customerId: true } } } }),
  ]);
  const byCustomer = new Map<string, { history: Parameters<typeof behaviourProfile>[0][number][]; disputes: number; broken: number; promises: number }>();
  const entry = (id: string) => byCustomer.get(id) ?? byCustomer.set(id, { history: [], disputes: 0, broken: 0, promises: 0 }).get(id)!;
  for (const r of receivables) {
    entry(r.customerId!).history.push({ dueAt: r.dueAt, paidAt: r.paidAt, status: r.status as "open", outstandingMinor: Number(r.outstandingMinor) });
  }
  for (const d of disputes) if (d.receivable.customerId) entry(d.receivable.customerId).disputes += 1;
  for (const a of broken) if (a.receivable.customerId) entry(a.receivable.customerId).broken += 1;
  for (const p of brokenPromises) if (p.receivable.customerId) entry(p.receivable.customerId).promises += 1;
  return new Map(customerIds.map((id) => {
    const data = byCustomer.get(id) ?? { history: [], disputes: 0, broken: 0, promises: 0 };
    return [id, behaviourProfile(data.history, data.disputes, data.broken, now, data.promises)];
  }));
}

/** The customers list's order: by the name it shows (none last), the id breaking ties. */
const BY_NAME: KeysetSort = { column: "sortName", descending: false, nullable: true };
/** past this the list says "more than": counting every customer of a large shop costs more than the page */
const COUNT_UP_TO = 10_000;

export async function listCustomers(db: Db, shopId: string, now: Date, options: { cursor: Cursor | null; pageSize: number; search: string }) {
  const where = {
    shopId, redactedAt: null,
    // PostgreSQL compares case by case: addresses are mostly written in lower case, names are matched folded
    ...(options.search ? { OR: [
      { email: { contains: options.search } }, { email: { contains: options.search.toLowerCase() } },
      { lastName: { contains: options.search } }, { sortName: { contains: foldName(options.search) } },
    ] } : {}),
  };
  const { beyond, orderBy } = keysetQuery(BY_NAME, options.cursor);
  const [counted, found] = await Promise.all([
    db.customer.findMany({ where, select: { id: true }, take: COUNT_UP_TO + 1 }).then((ids) => ids.length),
    db.customer.findMany({ where: { AND: [where, beyond] }, orderBy, take: options.pageSize + 1 }),
  ]);
  const { rows: customers, next, previous } = keysetPage(found, options.pageSize, options.cursor, (c) => c.sortName);
  const profiles = await profilesFor(db, shopId, customers.map((c) => c.id), now);
  const credits = await customerCredits(db, shopId, customers.map((c) => c.id));
  const rules = riskRulesOf(await db.shop.findUniqueOrThrow({ where: { id: shopId } }));
  const rows: CustomerRow[] = customers.map((c) => {
    const profile = profiles.get(c.id)!;
    const limit = c.creditLimitMinor === null ? null : Number(c.creditLimitMinor);
    return {
      id: c.id, name: customerName(c), email: c.email,
      emailStoppedReason: emailStopped(c) ? c.emailStoppedReason ?? "" : null,
      countryCode: c.countryCode, isCompany: Boolean(c.company), creditLimitMinor: limit, creditMinor: credits.get(c.id) ?? 0, profile,
      risk: assessRisk(profile, rules, limit, screeningFactsOf(c)),
    };
  });
  return { total: Math.min(counted, COUNT_UP_TO), totalIsLowerBound: counted > COUNT_UP_TO, rows, next, previous };
}

/** The customer columns the risk level reads from a screening. */
export const SCREENING_FACTS = { vatStatus: true, bureauScore: true, bureauRating: true, bureauSource: true } as const;

export function screeningFactsOf(c: { vatStatus: string | null; bureauScore: number | null; bureauRating: string | null; bureauSource: string | null }): ScreeningFacts {
  return { vatStatus: c.vatStatus, bureauScore: c.bureauScore, bureauRating: c.bureauRating, bureauSource: c.bureauSource ?? undefined };
}

/** Overpayments kept as credit, per customer (matched bank entries' surplus). */
export async function customerCredits(db: Db, shopId: string, customerIds: string[]): Promise<Map<string, number>> {
  const sums = await db.bankEntry.groupBy({
    by: ["customerId"], where: { shopId, status: "matched", customerId: { in: customerIds }, creditMinor: { gt: 0 } }, _sum: { creditMinor: true },
  });
  return new Map(sums.map((s) => [s.customerId!, Number(s._sum.creditMinor ?? 0n)]));
}

/** The stored risk level the segments read; refreshed by the scheduler before it plans. */
export async function refreshRiskLevels(db: Db, shopId: string, customerIds: string[], now: Date): Promise<Map<string, RiskAssessment["level"]>> {
  const profiles = await profilesFor(db, shopId, customerIds, now);
  const rules = riskRulesOf(await db.shop.findUniqueOrThrow({ where: { id: shopId } }));
  const customers = await db.customer.findMany({
    where: { shopId, id: { in: customerIds } }, select: { id: true, gid: true, creditLimitMinor: true, riskLevel: true, firstName: true, lastName: true, company: true, email: true, ...SCREENING_FACTS },
  });
  const levels = new Map<string, RiskAssessment["level"]>();
  const alerts: AlertToRaise[] = [];
  for (const c of customers) {
    const profile = profiles.get(c.id)!;
    const risk = assessRisk(profile, rules, c.creditLimitMinor === null ? null : Number(c.creditLimitMinor), screeningFactsOf(c));
    levels.set(c.id, risk.level);
    const name = customerName(c, "") || null;
    if (c.riskLevel === "low" && profile.overdueMinor > 0) {
      alerts.push({ shopId, key: `first_overdue:${c.id}`, customerId: c.id, words: { text: "first_overdue", name } });
    }
    if (risk.overLimit) {
      // once per limit: raising or lowering the limit and crossing it again alerts again
      alerts.push({ shopId, key: `over_limit:${c.id}:${c.creditLimitMinor}`, customerId: c.id, words: { text: "over_limit", name } });
    }
    if (risk.level !== c.riskLevel) {
      if (risk.level !== "low" && RANK[risk.level] > RANK[c.riskLevel as RiskAssessment["level"]]) {
        alerts.push({
          shopId, key: `risk_rose:${c.id}:${risk.level}:${now.toISOString().slice(0, 10)}`, customerId: c.id,
          words: { text: "risk_rose", name, level: risk.level, reasons: risk.reasons },
        });
      }
      await db.customer.update({ where: { id: c.id }, data: { riskLevel: risk.level } });
      await recordFlowEvent(db, {
        shopId, handle: "customer-risk-changed", key: `risk:${c.id}:${now.toISOString()}`, customerGid: c.gid,
        values: { "Risk level": risk.level, "Previous risk level": c.riskLevel, Reasons: riskReasonsText(risk.reasons, ENGLISH).slice(0, 255) || "none" },
      }, now);
    }
  }
  // each alert is raised once: the ones already there are not tried again every run
  const raised = new Set((await db.alert.findMany({ where: { shopId, key: { in: alerts.map((a) => a.key) } }, select: { key: true } })).map((a) => a.key));
  for (const alert of alerts) if (!raised.has(alert.key)) await raiseAlert(db, alert, now);
  return levels;
}

const RANK = { low: 0, medium: 1, high: 2 } as const;

export class CustomerError extends RefusalError {
  override name = "CustomerError";
}

/** The credit limit as typed by staff or sent by Flow ("" removes it), in the shop's currency. */
export async function setCreditLimit(db: Db, shopId: string, customerId: string, amount: string, currency: string, now: Date) {
  const customer = await db.customer.findFirst({ where: { id: customerId, shopId } });
  if (!customer) throw new CustomerError("no such customer in this shop", { code: "unknown_customer" });
  let minor: number | null = null;
  if (amount.trim()) {
    try {
      minor = parseMinor(amount.trim(), currency as CurrencyCode);
    } catch (error) {
      if (error instanceof MoneyError) throw new CustomerError(`the credit limit must be an amount such as 1500.00 (${error.message})`, { code: "credit_limit_amount" });
      throw error;
    }
    if (minor < 0) throw new CustomerError("the credit limit cannot be negative", { code: "credit_limit_negative" });
  }
  await writeCreditLimit(db, shopId, customer.id, minor, now);
}

/**
 * The one writer of a customer's credit limit (typed, from Flow, or the bureau's advice taken
 * over): the risk level that reads it follows at once, with its alert if it rose.
 */
export async function writeCreditLimit(db: Db, shopId: string, customerId: string, minor: number | null, now: Date): Promise<void> {
  await db.customer.update({ where: { id: customerId }, data: { creditLimitMinor: minor === null ? null : BigInt(minor) } });
  await refreshRiskLevels(db, shopId, [customerId], now);
}
