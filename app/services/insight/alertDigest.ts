/** Once a day, the shop's unread alerts by email to the address the merchant set (Settings). */
import type { Db } from "../../db/client";
import type { Mailer } from "../../adapters/email/mailer";
import { localDate } from "../../domain/fees/fourteenDayLetter";
import { pickLocale, translator } from "../../i18n";
import { alertText } from "../../i18n/alertTexts";
import { dayText } from "../../i18n/dates";
import { alertWordsOf } from "./alerts";

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

export async function sendAlertDigests(db: Db, mailer: Mailer, now: Date, defaultFrom = process.env.DUNLY_MAIL_FROM ?? "alerts@dunly.app"): Promise<number> {
  const shops = await db.shop.findMany({ where: { alertDigestEmail: { not: null }, uninstalledAt: null } });
  let sent = 0;
  for (const shop of shops) {
    const today = localDate(now, shop.timeZone);
    if (shop.alertDigestSentOn === today) continue;
    const alerts = await db.alert.findMany({ where: { shopId: shop.id, readAt: null }, orderBy: { createdAt: "asc" }, take: 200 });
    // claim today's digest first, so two processes never both send it
    const claimed = await db.shop.updateMany({
      where: { id: shop.id, OR: [{ alertDigestSentOn: null }, { alertDigestSentOn: { not: today } }] }, data: { alertDigestSentOn: today },
    });
    if (claimed.count !== 1 || alerts.length === 0) continue;
    // in the language staff last opened the app in
    const locale = pickLocale(shop.staffLocale);
    const t = translator(locale);
    const subject = t(alerts.length === 1 ? "digest.subject.one" : "digest.subject.other", { shop: shop.name, count: alerts.length, date: dayText(today, locale) });
    const lines = alerts.map((a) => {
      const words = alertWordsOf(a);
      return words ? alertText(words, t, locale) : a.message;
    });
    await mailer.send({
      from: `Dunly <${shop.senderEmail ?? defaultFrom}>`, to: shop.alertDigestEmail!, subject,
      html: `<h1>${escape(subject)}</h1><ul>${lines.map((line) => `<li>${escape(line)}</li>`).join("")}</ul>`,
      text: `${subject}\n\n${lines.map((line) => `- ${line}`).join("\n")}\n`,
      idempotencyKey: `digest:${shop.id}:${today}`,
    });
    sent += 1;
  }
  return sent;
}
