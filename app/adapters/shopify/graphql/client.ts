/**
 * A small Admin GraphQL transport: POST {query, variables} with the shop's access token, retrying
 * on 429 / 5xx and on Shopify's THROTTLED error with back-off. Tests point `origin` at a local
 * server that speaks the same wire format.
 */
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
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createAdminClient(options: AdminClientOptions): AdminGraphql {
  const url = `${options.origin ?? `https://${options.shop}`}/admin/api/${options.apiVersion}/graphql.json`;
  const maxAttempts = options.maxAttempts ?? 5;
  const sleep = options.sleep ?? realSleep;
  return {
    async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": options.accessToken },
          body: JSON.stringify({ query, variables }),
        });
        const retryable = response.status === 429 || response.status >= 500;
        if (retryable && attempt < maxAttempts) {
          await sleep(Number(response.headers.get("retry-after") ?? 0) * 1000 || 250 * 2 ** attempt);
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
