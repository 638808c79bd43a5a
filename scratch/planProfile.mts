import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createDb } from "../app/db/client";
import { runSchedulerTick } from "../app/services/followUp/runScheduler";
import { outboxMailer } from "../app/adapters/email/mailer";
import { encodeSnapshot } from "../app/services/ledger/snapshotCodec";
import { asCurrency } from "../app/domain/money";

const now = new Date("2026-11-23T10:00:00Z");
const url = "file:/tmp/planprof.sqlite";
rmSync("/tmp/planprof.sqlite", { force: true });
execFileSync("npx", ["tsx", "scripts/migrate.ts"], { env: { ...process.env, DATABASE_URL: url }, stdio: "ignore" });
const base = createDb(url);
const shop = await base.shop.create({ data: { domain: "prof.myshopify.com", name: "P", currency: "EUR", installedAt: now } });
const N = Number(process.env.N ?? 30000);
for (let start = 0; start < N; start += 5000) {
  await base.receivable.createMany({ data: Array.from({ length: Math.min(5000, N - start) }, (_, k) => {
    const i = start + k;
    const issuedAt = new Date(now.getTime() - (i % 200) * 86_400_000);
    const snapshot = encodeSnapshot({ orderGid: `gid://shopify/Order/${1_000_000 + i}`, orderName: `#${i}`, currency: asCurrency("EUR"), issuedAt, updatedAt: issuedAt,
      totalMinor: 5000, outstandingMinor: 5000, financialStatus: "pending", cancelledAt: null, paymentTerms: null, customerGid: null, paymentUrl: null, test: false });
    return { shopId: shop.id, orderGid: `gid://shopify/Order/${1_000_000 + i}`, orderName: `#${i}`, currency: "EUR", totalMinor: 5000n, outstandingMinor: 5000n,
      issuedAt, dueAt: new Date(now.getTime() + 30 * 86_400_000), status: "open", creditSale: true, financialStatus: "pending", snapshotUpdatedAt: issuedAt, snapshot, nextActionAt: new Date(now.getTime() - 1000) };
  }) });
}
const stats = new Map<string, { n: number; ms: number }>();
const db0 = base.$extends({ query: { $allModels: { async $allOperations({ model, operation, args, query }) {
  const t = performance.now();
  try { return await query(args); } finally {
    const k = `${model}.${operation}`; const s = stats.get(k) ?? { n: 0, ms: 0 }; s.n++; s.ms += performance.now() - t; stats.set(k, s);
  }
} } } }) as unknown as typeof base; const db = process.env.STATS ? db0 : base;
const t = performance.now();
const r = await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer });
const ms = performance.now() - t;
console.log(`planned ${r.planned} in ${ms.toFixed(0)} ms = ${(r.planned / ms * 1000).toFixed(0)}/s`);
for (const [k, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) console.log(k.padEnd(40), s.n, s.ms.toFixed(0));
