import { describe, expect, it } from "vitest";
import { localHour } from "../../app/domain/time";

const formats = new Map<string, Intl.DateTimeFormat>();
const byIntl = (date: Date, timeZone: string) => {
  if (!formats.has(timeZone)) formats.set(timeZone, new Intl.DateTimeFormat("en-GB", { timeZone, hour: "numeric", hourCycle: "h23" }));
  return Number(formats.get(timeZone)!.format(date));
};

describe("localHour", () => {
  it("agrees with the zone's own clock every 10 minutes, for whole, half and three-quarter hour offsets and across DST changes", () => {
    const zones = ["Europe/Amsterdam", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Adelaide", "America/St_Johns", "Pacific/Chatham", "UTC"];
    // the last Sunday of March and of October 2026 (Europe), early April (Adelaide, Chatham), early November (St John's)
    const days = ["2026-03-29", "2026-04-05", "2026-10-25", "2026-11-01", "2026-12-03"];
    for (const zone of zones) {
      for (const day of days) {
        const start = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
        for (let t = start; t < start + 2 * 86_400_000; t += 10 * 60_000) {
          // asked twice: the remembered answer is the same as the first
          expect([localHour(new Date(t), zone), localHour(new Date(t + 59_000), zone)]).toEqual([byIntl(new Date(t), zone), byIntl(new Date(t + 59_000), zone)]);
        }
      }
    }
  });
});
