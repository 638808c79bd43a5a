-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "replanCursorDueAt" TIMESTAMP(3),
ADD COLUMN     "replanCursorId" TEXT,
ADD COLUMN     "replanRequested" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "replanWalked" INTEGER NOT NULL DEFAULT 0;

