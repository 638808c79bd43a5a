/**
 * The European Commission's VIES REST service: GET {base}/ms/{country}/vat/{number} answers
 * { isValid, requestDate, userError, name, address, ... }. A member state that withholds the
 * name answers "---". VIES being down, busy or slow is "unknown", never "invalid": a screening
 * must not call a good business bad because a national registry is offline.
 */
import type { VatNumber } from "../../domain/screening/vatNumber";
import type { ViesAnswer } from "../../domain/screening/screening";

export const VIES_URL = "https://ec.europa.eu/taxation_customs/vies/rest-api";
const TIMEOUT_MS = 10_000;

/** userError codes that mean "ask again later", not "no such number" */
const UNAVAILABLE = new Set(["MS_UNAVAILABLE", "TIMEOUT", "SERVICE_UNAVAILABLE", "MS_MAX_CONCURRENT_REQ", "GLOBAL_MAX_CONCURRENT_REQ", "IP_BLOCKED"]);

const shown = (value: unknown) => (typeof value === "string" && value.trim() && value.trim() !== "---" ? value.trim().replace(/\s*\n\s*/g, ", ") : null);

export async function checkVies(vat: VatNumber, options: { baseUrl?: string; timeoutMs?: number } = {}): Promise<ViesAnswer> {
  const url = `${options.baseUrl ?? VIES_URL}/ms/${vat.countryCode}/vat/${encodeURIComponent(vat.number)}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS) });
  } catch (error) {
    return { status: "unknown", reason: error instanceof Error && error.name === "TimeoutError" ? "VIES did not answer in time" : "VIES could not be reached" };
  }
  if (!response.ok) return { status: "unknown", reason: `VIES answered HTTP ${response.status}` };
  let body: Record<string, unknown>;
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    return { status: "unknown", reason: "VIES answered something that is not JSON" };
  }
  const userError = typeof body.userError === "string" ? body.userError : null;
  if (userError && UNAVAILABLE.has(userError)) return { status: "unknown", reason: `VIES: ${userError}` };
  if (typeof body.isValid !== "boolean") return { status: "unknown", reason: "VIES's answer has no isValid" };
  return body.isValid ? { status: "valid", name: shown(body.name), address: shown(body.address) } : { status: "invalid" };
}
