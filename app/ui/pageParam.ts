import { decodeKeyset, type Cursor, type KeyKind } from "../domain/keyset";

/** The ?page= of a list, refused with a clear 400 when it is not a sensible page number. */
export function pageParam(params: URLSearchParams): number {
  const page = Number(params.get("page") ?? "1");
  if (!Number.isInteger(page) || page < 1 || page > 100_000) throw new Response("Invalid page number", { status: 400 });
  return page;
}

/** The ?cursor= of a keyset list: none for the first page, a clear 400 for one the list did not write. */
export function cursorParam(params: URLSearchParams, kind: KeyKind, nullable = false): Cursor | null {
  const text = params.get("cursor") ?? "";
  if (!text) return null;
  const cursor = decodeKeyset(text, kind, nullable);
  if (!cursor) throw new Response("Invalid page cursor: open the list from its first page", { status: 400 });
  return cursor;
}
