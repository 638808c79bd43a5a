/**
 * Creditsafe Connect (https://connect.creditsafe.com/v1), plain HTTP: POST /authenticate
 * {username, password} -> {token} (valid about an hour), GET /companies?countries=&vatNo= (or
 * name=, postCode=) -> {totalSize, companies: [{id, name, ...}]}, GET /companies/{connectId} ->
 * {report: {companySummary, creditScore: {currentCreditRating: {commonValue, creditLimit:
 * {currency, value}, providerValue: {minValue, maxValue, value}}}}}. Whatever goes wrong on
 * their side (refused account, 429, 5xx, timeout, a body we cannot read) is "unknown", never a verdict.
 */
import { asCurrency, MoneyError, parseMinor } from "../../domain/money";
import { CREDIT_RATINGS, type Bureau, type BureauAnswer, type BureauQuery, type CreditRating } from "../../domain/screening/screening";
import { namesAgree } from "../../domain/screening/vatNumber";

export const CREDITSAFE_URL = "https://connect.creditsafe.com/v1";
const TIMEOUT_MS = 15_000;
/** tokens last an hour; renewed a little before */
const TOKEN_MS = 50 * 60_000;

export interface CreditsafeAccount {
  username: string;
  password: string;
  baseUrl?: string;
  timeoutMs?: number;
}

type Reply = { status: number; body: unknown } | { failed: string };

class Unknown extends Error {}

const tokens = new Map<string, { token: string; until: number }>();

export function creditsafeBureau(account: CreditsafeAccount): Bureau {
  const base = account.baseUrl ?? CREDITSAFE_URL;
  const cacheKey = `${base}|${account.username}`;

  async function call(method: "GET" | "POST", path: string, token: string | null, body?: unknown): Promise<Reply> {
    try {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(account.timeoutMs ?? TIMEOUT_MS),
      });
      const text = await response.text();
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        if (response.ok) return { failed: "Creditsafe answered something that is not JSON" };
      }
      return { status: response.status, body: parsed };
    } catch (error) {
      return { failed: error instanceof Error && error.name === "TimeoutError" ? "Creditsafe did not answer in time" : "Creditsafe could not be reached" };
    }
  }

  async function token(fresh: boolean): Promise<string> {
    const cached = tokens.get(cacheKey);
    if (!fresh && cached && cached.until > Date.now()) return cached.token;
    const reply = await call("POST", "/authenticate", null, { username: account.username, password: account.password });
    if ("failed" in reply) throw new Unknown(reply.failed);
    if (reply.status === 401 || reply.status === 403) throw new Unknown("Creditsafe refused the account's username or password");
    const value = (reply.body as { token?: unknown } | null)?.token;
    if (reply.status !== 200 || typeof value !== "string" || !value) throw new Unknown(problem(reply));
    tokens.set(cacheKey, { token: value, until: Date.now() + TOKEN_MS });
    return value;
  }

  /** A data call with the cached token; a 401 (token expired early) authenticates once more. */
  async function get(path: string): Promise<{ status: number; body: unknown }> {
    let reply = await call("GET", path, await token(false));
    if (!("failed" in reply) && reply.status === 401) reply = await call("GET", path, await token(true));
    if ("failed" in reply) throw new Unknown(reply.failed);
    if (reply.status === 404 || reply.status === 200) return reply;
    throw new Unknown(problem(reply));
  }

  async function find(query: BureauQuery): Promise<{ id: string; name: string } | null> {
    const params = new URLSearchParams({ countries: query.countryCode, pageSize: "10" });
    if (query.vatNumber) params.set("vatNo", query.vatNumber);
    else if (query.name) {
      params.set("name", query.name);
      if (query.postCode) params.set("postCode", query.postCode);
    } else return null;
    const reply = await get(`/companies?${params}`);
    if (reply.status === 404) return null;
    const companies = (reply.body as { companies?: unknown } | null)?.companies;
    if (!Array.isArray(companies)) throw new Unknown("Creditsafe's search answer has no companies");
    const hits = companies.filter((c): c is { id: string; name: string } => typeof c?.id === "string" && typeof c?.name === "string");
    // a VAT number names one company; a name search is trusted only when the names agree
    return query.vatNumber ? hits[0] ?? null : hits.find((c) => namesAgree(c.name, query.name)) ?? null;
  }

  return {
    source: "Creditsafe",
    async check(query: BureauQuery): Promise<BureauAnswer> {
      try {
        let company = query.companyId ? { id: query.companyId, name: query.name ?? "" } : await find(query);
        if (!company) return { status: "not_found" };
        let reply = await get(`/companies/${encodeURIComponent(company.id)}?language=en`);
        if (reply.status === 404 && query.companyId) {
          // the id kept from last time is gone (merged, struck off): look the company up again
          company = await find({ ...query, companyId: null });
          if (!company) return { status: "not_found" };
          reply = await get(`/companies/${encodeURIComponent(company.id)}?language=en`);
        }
        if (reply.status === 404) return { status: "not_found" };
        return readReport(reply.body, company);
      } catch (error) {
        if (error instanceof Unknown) return { status: "unknown", reason: error.message };
        throw error;
      }
    },
  };
}

function problem(reply: { status: number; body: unknown }): string {
  if (reply.status === 429) return "Creditsafe: too many requests, try later";
  const message = (reply.body as { message?: unknown; details?: unknown } | null)?.message;
  return `Creditsafe answered HTTP ${reply.status}${typeof message === "string" ? `: ${message.slice(0, 120)}` : ""}`;
}

interface RatingBody {
  commonValue?: unknown;
  creditLimit?: { currency?: unknown; value?: unknown } | null;
  providerValue?: { minValue?: unknown; maxValue?: unknown; value?: unknown } | null;
}

function readReport(body: unknown, company: { id: string; name: string }): BureauAnswer {
  const report = (body as { report?: unknown } | null)?.report as
    | { companyId?: unknown; companySummary?: { businessName?: unknown; creditRating?: RatingBody | null } | null; creditScore?: { currentCreditRating?: RatingBody | null } | null }
    | undefined;
  if (!report || typeof report !== "object") throw new Unknown("Creditsafe's report has no report section");
  const rating = report.creditScore?.currentCreditRating ?? report.companySummary?.creditRating ?? null;
  const name = typeof report.companySummary?.businessName === "string" ? report.companySummary.businessName : company.name;
  return {
    status: "found", companyId: typeof report.companyId === "string" ? report.companyId : company.id, companyName: name,
    score: scoreOf(rating?.providerValue), rating: CREDIT_RATINGS.find((r) => r === rating?.commonValue) ?? null, limitAdvice: limitOf(rating?.creditLimit),
  };
}

/** The provider's score scaled to 0-100 (most countries already are; some use other ranges). */
function scoreOf(value: RatingBody["providerValue"]): number | null {
  const score = Number(value?.value);
  if (value?.value === undefined || value.value === null || value.value === "" || !Number.isFinite(score)) return null;
  const min = Number(value.minValue ?? 0);
  const max = Number(value.maxValue ?? 100);
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) return null;
  if (max === 100) return Math.max(0, Math.min(100, Math.round(score)));
  return Math.max(0, Math.min(100, Math.round(((score - min) / (max - min)) * 100)));
}

function limitOf(limit: RatingBody["creditLimit"]): { minor: number; currency: string } | null {
  if (!limit || typeof limit.currency !== "string" || limit.value === undefined || limit.value === null || limit.value === "") return null;
  try {
    const currency = asCurrency(limit.currency);
    // Creditsafe writes the amount as text ("50000", "50000.00"); read as decimal text, never a float
    const minor = parseMinor(String(limit.value).trim(), currency);
    return minor >= 0 ? { minor, currency } : null;
  } catch (error) {
    if (error instanceof MoneyError) return null;
    throw error;
  }
}

/** For tests: forget cached tokens. */
export function forgetCreditsafeTokens(): void {
  tokens.clear();
}

export type { CreditRating };
