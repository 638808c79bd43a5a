-- AlterTable
ALTER TABLE "Receivable" ADD COLUMN     "sendNextNow" BOOLEAN NOT NULL DEFAULT false;

