/**
 * A re-plan of a whole shop (its flows, segments or settings changed): asked for on the shop, and
 * walked by the scheduler page by page, with a cursor kept on the shop so a walk that stops (a
 * crash, a restart) goes on where it was. Asking used to rewrite every open receivable's date in
 * the request that asked (a million rows: seconds of holding the database's write lock), and
 * the tick then wrote them all a second time; a walk writes only the plans that moved.
 */
import { directQueryOrNull, type Db } from "../../db/client";
import { selectRows } from "../../db/directRows";
import { inBackground } from "../../db/keyset";
import { CANDIDATE_COLUMNS, type CandidateRow } from "./planning";

/** Every open receivable of the shop is to be planned again: the next tick walks them (a walk under way starts over). */
export async function requestReplan(db: Db, shopId: string): Promise<void> {
  await db.shop.update({ where: { id: shopId }, data: { replanRequested: { increment: 1 }, replanCursorDueAt: null, replanCursorId: null } });
}

interface WalkCursor {
  dueAt: Date;
  id: string;
}

interface PendingWalk {
  id: string;
  replanRequested: number;
  replanCursorDueAt: Date | null;
  replanCursorId: string | null;
}

const PENDING = { id: true, replanRequested: true, replanCursorDueAt: true, replanCursorId: true } as const;

/** Plans a page of receivables read in their order; its plans may still be landing when it returns. */
export type PagePlanner = (page: CandidateRow[]) => Promise<{ landed: Promise<void> }>;

/** A page planned, and where the cursor goes once its plans are written. */
interface PlannedPage {
  landed: Promise<void>;
  after: WalkCursor | null;
}

/**
 * Walks the shops whose re-plan is asked for and not yet done: each page of their open receivables
 * goes to a planner made for that walk (`newPlanner`), so the flows and settings it reads are
 * those of the request it walks, never ones cached before that request was made.
 */
export async function walkReplans(db: Db, pageSize: number, newPlanner: () => PagePlanner): Promise<void> {
  const shops = await db.shop.findMany({ where: { uninstalledAt: null, replanRequested: { gt: db.shop.fields.replanWalked } }, select: PENDING });
  for (const shop of shops) await walkShop(db, shop, pageSize, newPlanner);
}

async function walkShop(db: Db, shop: PendingWalk, pageSize: number, newPlanner: () => PagePlanner) {
  let request = shop.replanRequested;
  const cursor: WalkCursor | null = shop.replanCursorDueAt && shop.replanCursorId ? { dueAt: shop.replanCursorDueAt, id: shop.replanCursorId } : null;
  let next = inBackground(() => openReceivables(db, shop.id, cursor, pageSize));
  let planPage = newPlanner();
  // the cursor passes a page once its plans are written (a walk that stops goes on from there), while the next page is planned
  let behind: PlannedPage | null = null;
  for (;;) {
    const page = await next;
    const last = page.length === pageSize ? page[page.length - 1] : null;
    if (last) next = inBackground(() => openReceivables(db, shop.id, last, pageSize));
    const planned: PlannedPage = { landed: (await planPage(page)).landed, after: last };
    let passed = !behind || (await cursorPast(db, shop.id, request, behind));
    if (passed && !last) passed = await cursorPast(db, shop.id, request, planned);
    behind = planned;
    if (!passed) {
      // a new request: the old walk's last plans land before the new walk writes over them
      await planned.landed;
      const again = await db.shop.findFirst({ where: { id: shop.id, uninstalledAt: null }, select: PENDING });
      if (!again) return;
      request = again.replanRequested;
      next = inBackground(() => openReceivables(db, shop.id, null, pageSize));
      planPage = newPlanner();
      behind = null;
      continue;
    }
    if (!last) return;
  }
}

async function cursorPast(db: Db, shopId: string, request: number, page: PlannedPage): Promise<boolean> {
  await page.landed;
  return moveCursor(db, shopId, request, page.after);
}

/**
 * The cursor past a page whose plans are written, or the walk done (`after` null); only while no new
 * request came: that one reset the cursor and is walked from the start (false). Straight to the
 * driver where the client has it: through the query builder this one UPDATE cost about a sixth of
 * a walk's page that writes nothing.
 */
async function moveCursor(db: Db, shopId: string, request: number, after: WalkCursor | null): Promise<boolean> {
  const direct = directQueryOrNull(db);
  if (direct) {
    const set = after ? `"replanCursorDueAt" = ?, "replanCursorId" = ?` : `"replanWalked" = ?, "replanCursorDueAt" = NULL, "replanCursorId" = NULL`;
    const values = after ? [after.dueAt, after.id] : [request];
    return (await direct(`UPDATE "Shop" SET ${set} WHERE "id" = ? AND "replanRequested" = ? RETURNING "id"`, [...values, shopId, request])).length > 0;
  }
  const moved = await db.shop.updateMany({
    where: { id: shopId, replanRequested: request },
    data: after ? { replanCursorDueAt: after.dueAt, replanCursorId: after.id } : { replanWalked: request, replanCursorDueAt: null, replanCursorId: null },
  });
  return moved.count > 0;
}

/**
 * The shop's open receivables after the cursor, in the order of the index the lists use
 * (shop, credit sale, status, due date, id), read whole like the scheduler's due pages.
 */
async function openReceivables(db: Db, shopId: string, after: WalkCursor | null, limit: number): Promise<CandidateRow[]> {
  const cursor = after ? ` AND (t."dueAt", t."id") > (?, ?)` : "";
  const direct = await selectRows(db, CANDIDATE_COLUMNS, `"Receivable" t`,
    `t."shopId" = ? AND t."creditSale" = ? AND t."status" = 'open'${cursor} ORDER BY t."dueAt", t."id" LIMIT ?`,
    [shopId, true, ...(after ? [after.dueAt, after.id] : []), limit], { inIndexOrder: true });
  if (direct) return direct as CandidateRow[];
  // a client without a direct connection: the same page through the query builder
  const rows = await db.receivable.findMany({
    where: {
      shopId, creditSale: true, status: "open",
      ...(after ? { OR: [{ dueAt: { gt: after.dueAt } }, { dueAt: after.dueAt, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }], take: limit,
  });
  return rows;
}
