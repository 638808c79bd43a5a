/**
 * Reminder messages as the admin lists them: newest first, with the one opened for preview. A
 * customer's grouped message is one row (its lead), with how many other orders it carried.
 */
import type { Db } from "../../db/client";
import { keysetPage, keysetQuery, type KeysetSort } from "../../db/keyset";
import type { Cursor } from "../../domain/keyset";

const NEWEST_FIRST: KeysetSort = { column: "createdAt", descending: true };

export async function listMessages(db: Db, shopId: string, options: { cursor: Cursor | null; pageSize: number; openId: string | null }) {
  const { beyond, orderBy } = keysetQuery(NEWEST_FIRST, options.cursor);
  const [found, open] = await Promise.all([
    db.message.findMany({
      where: { AND: [{ shopId, groupedInto: null }, beyond] }, orderBy, take: options.pageSize + 1,
      select: { id: true, stepKey: true, channel: true, status: true, toAddress: true, subject: true, createdAt: true, sentAt: true, error: true,
        receivable: { select: { orderName: true } } },
    }),
    options.openId ? db.message.findFirst({ where: { id: options.openId, shopId }, select: { id: true, subject: true, html: true, text: true, channel: true } }) : null,
  ]);
  const { rows, next, previous } = keysetPage(found, options.pageSize, options.cursor, (row) => row.createdAt);
  const grouped = rows.length
    ? await db.message.groupBy({ by: ["groupedInto"], where: { shopId, groupedInto: { in: rows.map((r) => r.id) } }, _count: { _all: true } })
    : [];
  const others = new Map(grouped.map((g) => [g.groupedInto!, g._count._all]));
  return {
    next, previous,
    rows: rows.map((row) => ({ ...row, otherOrders: others.get(row.id) ?? 0 })), open,
  };
}
