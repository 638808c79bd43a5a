/** The ?page= of a list, refused with a clear 400 when it is not a sensible page number. */
export function pageParam(params: URLSearchParams): number {
  const page = Number(params.get("page") ?? "1");
  if (!Number.isInteger(page) || page < 1 || page > 100_000) throw new Response("Invalid page number", { status: 400 });
  return page;
}
