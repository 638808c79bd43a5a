/** Reminder messages as the admin lists them: newest first, with the one opened for preview. */
import type { Db } from "../../db/client";

export async function listMessages(db: Db, shopId: string, options: { page: number; pageSize: number; openId: string | null }) {
  const [total, rows, open] = await Promise.all([
    db.message.count({ where: { shopId } }),
    db.message.findMany({
      where: { shopId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (options.page - 1) * options.pageSize, take: options.pageSize,
      select: { id: true, stepKey: true, channel: true, status: true, toAddress: true, subject: true, createdAt: true, sentAt: true, error: true,
        receivable: { select: { orderName: true } } },
    }),
    options.openId ? db.message.findFirst({ where: { id: options.openId, shopId }, select: { id: true, subject: true, html: true, text: true, channel: true } }) : null,
  ]);
  return { total, rows, open };
}
