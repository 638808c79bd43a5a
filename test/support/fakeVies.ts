/**
 * A local VIES REST service: GET /ms/{country}/vat/{number} answered as the Commission's service
 * answers ({ isValid, requestDate, userError, name, address, requestIdentifier, originalVatNumber,
 * vatNumber, viesApproximate }), "---" where a member state withholds the name, and the ways it
 * fails: a member state unavailable, HTTP 429, no answer in time, a broken body.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type ViesBehaviour = { kind: "valid"; name: string; address: string } | { kind: "withheld" } | { kind: "invalid" } | { kind: "ms_unavailable" } | { kind: "http"; status: number } | { kind: "slow" } | { kind: "malformed" };

export async function startFakeVies(registry: Record<string, ViesBehaviour>): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const match = /^\/ms\/([A-Z]{2})\/vat\/([0-9A-Z]+)$/.exec(req.url ?? "");
    requests.push(req.url ?? "");
    if (req.method !== "GET" || !match) {
      res.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ actionSucceed: false, errorWrappers: [{ error: "NOT_FOUND" }] }));
      return;
    }
    const [, countryCode, vatNumber] = match;
    const behaviour = registry[`${countryCode}${vatNumber}`] ?? { kind: "invalid" };
    const answer = (isValid: boolean, userError: string, name = "---", address = "---") => res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({
      isValid, requestDate: "2026-11-23T10:00:00.000Z", userError, name, address, requestIdentifier: "", originalVatNumber: vatNumber, vatNumber,
      viesApproximate: { name: "---", street: "---", postalCode: "---", city: "---", companyType: "---", matchName: 3, matchStreet: 3, matchPostalCode: 3, matchCity: 3, matchCompanyType: 3 },
    }));
    switch (behaviour.kind) {
      case "valid": return answer(true, "VALID", behaviour.name, behaviour.address);
      case "withheld": return answer(true, "VALID");
      case "invalid": return answer(false, "INVALID");
      case "ms_unavailable": return answer(false, "MS_UNAVAILABLE");
      case "http": return res.writeHead(behaviour.status, { "Content-Type": "application/json" }).end(JSON.stringify({ actionSucceed: false, errorWrappers: [{ error: "GLOBAL_MAX_CONCURRENT_REQ" }] }));
      case "slow": return void setTimeout(() => answer(true, "VALID"), 2_000);
      case "malformed": return res.writeHead(200, { "Content-Type": "application/json" }).end("<html>Service Unavailable</html>");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
