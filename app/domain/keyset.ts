/**
 * A page boundary of a list (keyset pagination): the sort value and id of the last row shown
 * (`after`, for the next page) or the first (`before`, for the previous). Deep pages cost what the
 * first costs, which an offset does not, and rows added or removed meanwhile never make a row show
 * twice or not at all.
 */
export type KeyValue = Date | bigint | string | null;
export type KeyKind = "date" | "integer" | "text";

export interface Cursor<V extends KeyValue = KeyValue> {
  direction: "after" | "before";
  value: V;
  id: string;
}

const NULL = "_";
const TEXT = "~";

/**
 * As it travels in a URL: `a.<value>.<id>` or `b.<value>.<id>`; the value an ISO date, an integer,
 * `~` and base64url text, or `_` for none. None of them holds a dot, so the last dot ends the value.
 */
export function encodeKeyset(cursor: Cursor): string {
  const { value } = cursor;
  const text = value === null ? NULL : value instanceof Date ? value.toISOString() : typeof value === "bigint" ? value.toString() : TEXT + toBase64Url(value);
  return `${cursor.direction === "after" ? "a" : "b"}.${text}.${cursor.id}`;
}

/** null for a cursor this list did not write (tampered, or from another sort). */
export function decodeKeyset(text: string, kind: KeyKind, nullable = false): Cursor | null {
  const last = text.lastIndexOf(".");
  const [direction, raw, id] = [text.slice(0, 2), text.slice(2, last), text.slice(last + 1)];
  if ((direction !== "a." && direction !== "b.") || last < 2 || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  const value = raw === NULL ? (nullable ? null : undefined) : valueOf(raw, kind);
  if (value === undefined) return null;
  return { direction: direction === "a." ? "after" : "before", value, id };
}

function valueOf(raw: string, kind: KeyKind): Exclude<KeyValue, null> | undefined {
  switch (kind) {
    case "date": {
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(raw)) return undefined;
      const date = new Date(raw);
      return Number.isNaN(date.getTime()) ? undefined : date;
    }
    case "integer":
      return /^-?\d{1,18}$/.test(raw) ? BigInt(raw) : undefined;
    case "text":
      return raw.startsWith(TEXT) && /^[A-Za-z0-9_-]{0,400}$/.test(raw.slice(1)) ? fromBase64Url(raw.slice(1)) : undefined;
  }
}

/** base64url of UTF-8 text, the same in Node and in the browser (this module is shared with the screens). */
function toBase64Url(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text))).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): string | undefined {
  try {
    const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}
