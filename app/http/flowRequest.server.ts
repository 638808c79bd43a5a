/** A signed request from Shopify Flow (an action run, a lifecycle callback): read, checked, handled, answered as JSON. */
import { BodyTooLarge, readBodyBytes, tooLarge } from "./readBody.server";
import type { FlowCheck } from "../adapters/shopify/flowRequests";

export async function handleFlowRequest<T>(
  request: Request, maxBytes: number,
  check: (bytes: Uint8Array, signature: string | null, secret: string) => FlowCheck<T>,
  handle: (checked: T) => Promise<{ status: number; body: Record<string, unknown> }>,
): Promise<Response> {
  let bytes: Uint8Array;
  try {
    bytes = await readBodyBytes(request, maxBytes);
  } catch (error) {
    if (error instanceof BodyTooLarge) return tooLarge(error.message);
    throw error;
  }
  const checked = check(bytes, request.headers.get("x-shopify-hmac-sha256"), process.env.SHOPIFY_API_SECRET ?? "");
  if (!checked.ok) return Response.json({ error: checked.error }, { status: checked.status });
  const answer = await handle(checked.request);
  return Response.json(answer.body, { status: answer.status });
}
