/**
 * A local Creditsafe Connect API (v1) in its wire format: POST /authenticate {username, password}
 * -> {token}; GET /companies?countries=&vatNo= | name= -> {correlationId, totalSize, companies:
 * [{id, country, regNo, safeNo, vatNo: [..], name, address: {simpleValue, city, postCode}, status,
 * type, officeType}]}; GET /companies/{connectId} -> {correlationId, report: {companyId, language,
 * companySummary: {businessName, country, companyNumber, creditRating}, creditScore:
 * {currentCreditRating: {commonValue, commonDescription, creditLimit: {currency, value},
 * providerValue: {minValue, maxValue, value}, providerDescription}, previousCreditRating}}}.
 * Bearer tokens are checked; the ways it fails can be switched on: refused account, 429, slow, a broken body,
 * tokens that expire early.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";

export interface FakeCompany {
  id: string;
  name: string;
  country: string;
  vatNo: string;
  postCode: string;
  score: number;
  rating: "A" | "B" | "C" | "D" | "E";
  limit: { currency: string; value: string } | null;
}

export const CREDITSAFE_COMPANIES: FakeCompany[] = [
  { id: "NL-X-810462210000", name: "FIETSENHUIS DE VRIES B.V.", country: "NL", vatNo: "NL810462215B01", postCode: "1011AA", score: 78, rating: "A", limit: { currency: "EUR", value: "25000" } },
  { id: "BE-X-0123456749", name: "VELO SERVICE BRUSSEL BV", country: "BE", vatNo: "BE0123456749", postCode: "1000", score: 45, rating: "C", limit: { currency: "EUR", value: "4000.00" } },
];

export const CREDITSAFE_USER = { username: "ap@fietsen.example", password: "correct horse" };

const DESCRIPTIONS = { A: "Very Low Risk", B: "Low Risk", C: "Moderate Risk", D: "High Risk", E: "Not Rated" } as const;

export interface FakeCreditsafe {
  url: string;
  requests: string[];
  companies: FakeCompany[];
  /** switch a way of failing on or off */
  behaviour: { refuseLogin?: boolean; rateLimited?: boolean; slowMs?: number; malformed?: boolean; tokenUses?: number };
  close(): Promise<void>;
}

export async function startFakeCreditsafe(companies: FakeCompany[] = structuredClone(CREDITSAFE_COMPANIES)): Promise<FakeCreditsafe> {
  const requests: string[] = [];
  const tokens = new Map<string, number>();
  const fake: Omit<FakeCreditsafe, "url" | "close"> = { requests, companies, behaviour: {} };
  const json = (res: import("node:http").ServerResponse, status: number, body: unknown) => res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://creditsafe.local");
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const b = fake.behaviour;
    const answer = () => {
      if (b.rateLimited) return json(res, 429, { correlationId: randomUUID(), message: "Too Many Requests" });
      if (req.method === "POST" && url.pathname === "/v1/authenticate") return authenticate();
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      const uses = token ? tokens.get(token) : undefined;
      if (uses === undefined || (b.tokenUses !== undefined && uses >= b.tokenUses)) return json(res, 401, { correlationId: randomUUID(), message: "Token is expired or invalid" });
      tokens.set(token!, uses + 1);
      if (b.malformed) return res.writeHead(200, { "Content-Type": "text/html" }).end("<html>Gateway error</html>");
      if (req.method === "GET" && url.pathname === "/v1/companies") return search();
      const report = /^\/v1\/companies\/([^/]+)$/.exec(url.pathname);
      if (req.method === "GET" && report) return companyReport(decodeURIComponent(report[1]));
      json(res, 404, { correlationId: randomUUID(), message: "Not Found" });
    };
    const authenticate = () => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        let login: { username?: unknown; password?: unknown } = {};
        try {
          login = JSON.parse(body);
        } catch {
          return json(res, 400, { correlationId: randomUUID(), message: "Invalid request body" });
        }
        if (b.refuseLogin || login.username !== CREDITSAFE_USER.username || login.password !== CREDITSAFE_USER.password) {
          return json(res, 401, { correlationId: randomUUID(), message: "Invalid Username or Password" });
        }
        const token = `eyJ${randomUUID().replaceAll("-", "")}`;
        tokens.set(token, 0);
        json(res, 200, { token });
      });
    };
    const search = () => {
      const countries = (url.searchParams.get("countries") ?? "").split(",");
      if (!countries[0]) return json(res, 400, { correlationId: randomUUID(), message: "countries is required" });
      const vatNo = url.searchParams.get("vatNo");
      const name = url.searchParams.get("name")?.toLowerCase();
      const hits = fake.companies.filter((c) => countries.includes(c.country) && (vatNo ? c.vatNo === vatNo : name ? c.name.toLowerCase().includes(name.split(" ")[0]) : false));
      json(res, 200, {
        correlationId: randomUUID(), totalSize: hits.length,
        companies: hits.map((c) => ({
          id: c.id, country: c.country, regNo: c.id.split("-").at(-1), safeNo: `${c.country}0000${c.id.length}`, vatNo: [c.vatNo], name: c.name,
          address: { simpleValue: `HOOFDSTRAAT 1, ${c.postCode}`, city: "AMSTERDAM", postCode: c.postCode }, status: "Active", type: "Ltd", officeType: "headOffice",
        })),
        ...(hits.length ? {} : { messages: [{ type: "Information", code: "NoResults", text: "No results found" }] }),
      });
    };
    const companyReport = (id: string) => {
      const c = fake.companies.find((x) => x.id === id);
      if (!c) return json(res, 404, { correlationId: randomUUID(), message: "Report unavailable" });
      const rating = {
        commonValue: c.rating, commonDescription: DESCRIPTIONS[c.rating], ...(c.limit ? { creditLimit: c.limit } : {}),
        providerValue: { maxValue: "100", minValue: "1", value: String(c.score) }, providerDescription: DESCRIPTIONS[c.rating],
      };
      json(res, 200, {
        correlationId: randomUUID(),
        report: {
          companyId: c.id, language: "EN",
          companySummary: { businessName: c.name, country: c.country, companyNumber: c.id, companyRegistrationNumber: c.id.split("-").at(-1), companyStatus: { status: "Active" }, creditRating: rating },
          creditScore: { currentCreditRating: rating, previousCreditRating: { commonValue: "B", commonDescription: "Low Risk" }, latestRatingChangeDate: "2026-10-01T00:00:00Z" },
        },
      });
    };
    if (b.slowMs) setTimeout(answer, b.slowMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return Object.assign(fake, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  });
}
