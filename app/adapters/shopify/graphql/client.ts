/**
 * A small Admin GraphQL transport: POST {query, variables} with the shop's access token, retrying
 * on 429 / 5xx and on Shopify's THROTTLED error with back-off. Tests point `origin` at a local
 * server that speaks the same wire format.
 */
import { stringifyJson } from "../json";

export interface AdminGraphql {
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export class AdminApiError extends Error {
  override name = "AdminApiError";
}

export interface AdminClientOptions {
  shop: string;
  accessToken: string;
  apiVersion: string;
  /** https://{shop} in production */
  origin?: string;
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  /** how long one request may take before it counts as failed (a hung call must not hold the queue) */
  timeoutMs?: number;
}

export const ADMIN_TIMEOUT_MS = 10_000;
/** A Retry-After longer than this is not waited out inside one job: the job fails and the queue retries later. */
export const MAX_RETRY_AFTER_MS = 5_000;

/** The wait before the next attempt: Retry-After when it is a sane number of seconds, else a back-off. */
export function retryDelayMs(retryAfter: string | null, attempt: number): number {
  const seconds = retryAfter !== null && /^\d+(\.\d+)?$/.test(retryAfter.trim()) ? Number(retryAfter) : null;
  return Math.min(seconds !== null ? seconds * 1000 : 250 * 2 ** attempt, MAX_RETRY_AFTER_MS);
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createAdminClient(options: AdminClientOptions): AdminGraphql {
  const url = `${options.origin ?? `https://${options.shop}`}/admin/api/${options.apiVersion}/graphql.json`;
  const maxAttempts = options.maxAttempts ?? 5;
  const sleep = options.sleep ?? realSleep;
  return {
    async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        let response: Response;
        try {
          response = await fetch(url, {
            method: "POST",
            headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": options.accessToken },
            body: stringifyJson({ query, variables }),
            signal: AbortSignal.timeout(options.timeoutMs ?? ADMIN_TIMEOUT_MS),
          });
        } catch (error) {
          if ((error as Error).name !== "TimeoutError") throw error;
          if (attempt < maxAttempts) continue;
          throw new AdminApiError(`Admin API did not answer within ${options.timeoutMs ?? ADMIN_TIMEOUT_MS} ms for ${options.shop}`);
        }
        const retryable = response.status === 429 || response.status >= 500;
        if (retryable && attempt < maxAttempts) {
          await sleep(retryDelayMs(response.headers.get("retry-after"), attempt));
          continue;
        }
        if (!response.ok) throw new AdminApiError(`Admin API ${response.status} for ${options.shop}`);
        const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
        const throttled = body.errors?.some((e) => e.extensions?.code === "THROTTLED");
        if (throttled && attempt < maxAttempts) {
          await sleep(1000 * attempt);
          continue;
        }
        if (body.errors?.length) throw new AdminApiError(body.errors.map((e) => e.message).join("; "));
        if (!body.data) throw new AdminApiError("Admin API answered without data");
        return body.data;
      }
    },
  };
}
