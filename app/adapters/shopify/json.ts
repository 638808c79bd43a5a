/** Shopify's payloads nest a few levels; far deeper is an attack on every recursive reader after the parse. */
const MAX_DEPTH = 64;

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
/** the characters that may follow an integer's digits in a longer number: . e E */
const continuesNumber = (c: number) => c === 0x2e || c === 0x65 || c === 0x45;

/**
 * One pass over the text outside strings: refuses deep nesting, and finds integer literals beyond
 * 2^53 (as [start, end) offsets), which are then read as strings. Cheaper than a JSON.parse
 * reviver, which is called for every value of every payload.
 */
function scanJson(text: string): number[] {
  const unsafe: number[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = endOfString(text, i);
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_DEPTH) throw new SyntaxError(`nested deeper than ${MAX_DEPTH} levels`);
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2d || isDigit(c)) {
      const start = i;
      const firstDigit = c === 0x2d ? i + 1 : i;
      let end = firstDigit;
      while (end < text.length && isDigit(text.charCodeAt(end))) end++;
      if (end < text.length && continuesNumber(text.charCodeAt(end))) {
        while (end < text.length && (isDigit(text.charCodeAt(end)) || continuesNumber(text.charCodeAt(end)) || text[end] === "+" || text[end] === "-")) end++;
      } else if (end - firstDigit >= 16 && text.charCodeAt(firstDigit) !== 0x30 && !Number.isSafeInteger(Number(text.slice(start, end)))) {
        unsafe.push(start, end);
      }
      i = end - 1;
    }
  }
  return unsafe;
}

/**
 * The offset of the quote that closes the string opened at `open` (most of a payload's text is
 * inside strings: searched for natively, not read character by character); the text's end if none.
 */
function endOfString(text: string, open: number): number {
  let close = open;
  for (;;) {
    close = text.indexOf('"', close + 1);
    if (close === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return close;
  }
}

/** Shopify's numeric ids exceed 2^53: integers that a JS number cannot hold stay strings. */
export function parseShopifyJson(text: string): unknown {
  const unsafe = scanJson(text);
  if (unsafe.length === 0) return JSON.parse(text);
  let quoted = "";
  let from = 0;
  for (let k = 0; k < unsafe.length; k += 2) {
    quoted += `${text.slice(from, unsafe[k])}"${text.slice(unsafe[k], unsafe[k + 1])}"`;
    from = unsafe[k + 1];
  }
  return JSON.parse(quoted + text.slice(from));
}

const BIG = "\u0000bigint:";

/** JSON text in which a bigint (an id beyond 2^53) is written as the bare integer Shopify expects. */
export function stringifyJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? `${BIG}${v}` : v));
  return text.includes("\\u0000bigint:") ? text.replace(/"\\u0000bigint:(-?\d+)"/g, "$1") : text;
}

export class PayloadError extends Error {
  override name = "PayloadError";
}

export type Json = Record<string, unknown>;

export function asObject(value: unknown, what: string): Json {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new PayloadError(`${what} must be an object`);
  return value as Json;
}

export function str(obj: Json, key: string): string {
  const value = obj[key];
  if (typeof value !== "string" || value === "") throw new PayloadError(`${key} must be a non-empty string`);
  return value;
}

export function optStr(obj: Json, key: string): string | null {
  const value = obj[key];
  if (value === null || value === undefined || value === "") return null;
  if (typeof value !== "string") throw new PayloadError(`${key} must be a string`);
  return value;
}

/** Shopify gids look like gid://shopify/Order/123; the type is checked so ids cannot cross. */
export function gid(obj: Json, key: string, type: string): string {
  const value = str(obj, key);
  if (!new RegExp(`^gid://shopify/${type}/\\d+$`).test(value)) throw new PayloadError(`${key} is not a ${type} gid`);
  return value;
}

/**
 * A record's gid (admin_graphql_api_id); its numeric id, when sent too, must at least be a number.
 * (Not compared: Shopify's own published examples carry ids that JSON tooling already rounded.)
 */
export function recordGid(obj: Json, type: string): string {
  if (obj.id !== undefined && obj.id !== null) gidFromId(obj, "id", type);
  return gid(obj, "admin_graphql_api_id", type);
}

/** The gid for a numeric id field (order_id, customer.id), read without precision loss. */
export function gidFromId(obj: Json, key: string, type: string): string {
  return gidFromNumericId(obj[key], key, type);
}

export function gidFromNumericId(value: unknown, what: string, type: string): string {
  const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== "string" || !/^\d+$/.test(text)) throw new PayloadError(`${what} must be a numeric id`);
  return `gid://shopify/${type}/${text}`;
}

const EARLIEST = Date.parse("2000-01-01T00:00:00Z");
const LATEST = Date.parse("2100-01-01T00:00:00Z");

/** ISO timestamps only, and only plausible ones: an absurd date is an error, not a due date in 9999. */
export function date(obj: Json, key: string): Date {
  const value = optDate(obj, key);
  if (!value) throw new PayloadError(`${key} is required`);
  return value;
}

export function optDate(obj: Json, key: string): Date | null {
  const value = obj[key];
  if (value === null || value === undefined) return null;
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    throw new PayloadError(`${key} must be an ISO 8601 date`);
  }
  const time = Date.parse(value);
  if (Number.isNaN(time) || !isCalendarDate(value.slice(0, 10))) throw new PayloadError(`${key} is not a real date: ${value}`);
  if (time < EARLIEST || time > LATEST) throw new PayloadError(`${key} is out of range: ${value}`);
  return new Date(time);
}

/** JavaScript reads 2026-02-30 as 2 March: the day must exist in its month. */
function isCalendarDate(ymd: string): boolean {
  const [year, month, day] = ymd.split("-").map(Number);
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function bool(obj: Json, key: string): boolean {
  return obj[key] === true;
}

export function list(obj: Json, key: string): unknown[] {
  const value = obj[key];
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new PayloadError(`${key} must be a list`);
  return value;
}
