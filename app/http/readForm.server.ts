/**
 * Reads a posted form, refusing what no form of ours sends: another content type (415), a body
 * over the limit (413), or one that cannot be parsed (400). Thrown as a Response, which Remix
 * returns as is, so every action reads its form in one line.
 */
import { BodyTooLarge, readBodyBytes, tooLarge } from "./readBody.server";

export const MAX_FORM_BYTES = 256 * 1024;

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

function refuse(status: 400 | 415, error: string): Response {
  return Response.json({ ok: false, error }, { status });
}

export async function readForm(request: Request, maxBytes = MAX_FORM_BYTES): Promise<FormData> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!FORM_TYPES.has(contentType.split(";")[0].trim().toLowerCase())) {
    throw refuse(415, "send the form as application/x-www-form-urlencoded or multipart/form-data");
  }
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readBodyBytes(request, maxBytes);
  } catch (error) {
    if (error instanceof BodyTooLarge) throw tooLarge("the form is too large");
    throw error;
  }
  try {
    return await new Request(request.url, { method: "POST", headers: { "content-type": contentType }, body }).formData();
  } catch {
    throw refuse(400, "the form could not be read");
  }
}
