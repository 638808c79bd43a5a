-- A re-plan of a shop's open receivables is asked for on the shop and walked by the scheduler,
-- instead of rewriting every open receivable's next action date in the request that asked.
-- Added in place (no copy of the table, unlike Prisma's generated redefinition).
ALTER TABLE "Shop" ADD COLUMN "replanRequested" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Shop" ADD COLUMN "replanWalked" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Shop" ADD COLUMN "replanCursorDueAt" DATETIME;
ALTER TABLE "Shop" ADD COLUMN "replanCursorId" TEXT;
