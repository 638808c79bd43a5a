/**
 * Reminder messages as the admin lists them: newest first, with the one opened for preview. A
 * customer's grouped message is one row (its lead), with how many other orders it carried.
 */
import type { Db } from "../../db/client";

export async function listMessages(db: Db, shopId: string, options: { page: number; pageSize: number; openId: string | null }) {
  const [total, rows, open] = await Promise.all([
    db.message.count({ where: { shopId, groupedInto: null } }),
    db.message.findMany({
      where: { shopId, groupedInto: null }, orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (options.page - 1) * options.pageSize, take: options.pageSize,
      select: { id: true, stepKey: true, channel: true, status: true, toAddress: true, subject: true, createdAt: true, sentAt: true, error: true,
        receivable: { select: { orderName: true } } },
    }),
    options.openId ? db.message.findFirst({ where: { id: options.openId, shopId }, select: { id: true, subject: true, html: true, text: true, channel: true } }) : null,
  ]);
  const grouped = rows.length
    ? await db.message.groupBy({ by: ["groupedInto"], where: { shopId, groupedInto: { in: rows.map((r) => r.id) } }, _count: { _all: true } })
    : [];
  const others = new Map(grouped.map((g) => [g.groupedInto!, g._count._all]));
  return { total, rows: rows.map((row) => ({ ...row, otherOrders: others.get(row.id) ?? 0 })), open };
}
