/** A refused request: the English reason for logs, its code for the screen to word in the reader's language. */
import type { Refusal, RefusalError } from "../domain/refusals";

export function refusedJson(refusal: Refusal | undefined, error: string, status = 400): Response {
  return Response.json({ ok: false, error, ...(refusal ? { refusal } : {}) }, { status });
}

export const refusedBy = (error: RefusalError) => refusedJson(error.refusal, error.message);
