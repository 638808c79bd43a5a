/**
 * Session tokens of Shopify UI extensions: the JWT an admin extension's fetch carries (an ID token
 * of the signed-in staff member) and the one a customer account extension gets from
 * shopify.sessionToken (the signed-in customer). Shopify signs both with the app's secret (HS256)
 * for the app's client id; an expired, forged or foreign token is refused.
 */
import { errors, jwtVerify } from "jose";

export interface SessionToken {
  shop: string;
  /** the staff member's user id, or the customer's gid; null when a customer is not signed in */
  subject: string | null;
}

export class SessionTokenError extends Error {
  override name = "SessionTokenError";
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
/** clocks drift: Shopify's own libraries allow this much */
const CLOCK_TOLERANCE_S = 10;

export function bearerToken(authorization: string | null): string {
  const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
  if (!match) throw new SessionTokenError("missing session token: send Authorization: Bearer <token>");
  return match[1];
}

export async function verifySessionToken(token: string, app: { apiKey: string; secret: string }, now: Date): Promise<SessionToken> {
  if (!app.secret) throw new SessionTokenError("the app has no secret to check session tokens with");
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(app.secret), {
      algorithms: ["HS256"], audience: app.apiKey, clockTolerance: CLOCK_TOLERANCE_S, currentDate: now, requiredClaims: ["exp", "nbf", "dest"],
    });
    const dest = String(payload.dest).replace(/^https:\/\//, "").replace(/\/$/, "").toLowerCase();
    if (!SHOP_DOMAIN.test(dest)) throw new SessionTokenError("the session token names no shop");
    return { shop: dest, subject: typeof payload.sub === "string" && payload.sub ? payload.sub : null };
  } catch (error) {
    if (error instanceof SessionTokenError) throw error;
    if (error instanceof errors.JOSEError) throw new SessionTokenError(`invalid session token: ${error.code === "ERR_JWT_EXPIRED" ? "expired" : error.message}`);
    throw error;
  }
}
