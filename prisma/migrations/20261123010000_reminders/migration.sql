-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "reminderPauseReason" TEXT;
ALTER TABLE "Customer" ADD COLUMN "reminderPausedUntil" DATETIME;

-- AlterTable
ALTER TABLE "Receivable" ADD COLUMN "nextActionAt" DATETIME;
ALTER TABLE "Receivable" ADD COLUMN "pauseReason" TEXT;
ALTER TABLE "Receivable" ADD COLUMN "pausedUntil" DATETIME;
ALTER TABLE "Receivable" ADD COLUMN "paymentUrl" TEXT;
ALTER TABLE "Receivable" ADD COLUMN "workflowState" TEXT;

-- CreateTable
CREATE TABLE "Segment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "conditions" TEXT NOT NULL DEFAULT '[]',
    "steps" TEXT NOT NULL,
    CONSTRAINT "Segment_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "receivableId" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "toAddress" TEXT,
    "subject" TEXT,
    "html" TEXT,
    "text" TEXT,
    "feeMinor" BIGINT,
    "providerId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    "nextAttemptAt" DATETIME,
    CONSTRAINT "Message_receivableId_fkey" FOREIGN KEY ("receivableId") REFERENCES "Receivable" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "receivableId" TEXT,
    "messageId" TEXT,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "assignee" TEXT,
    "doneAt" DATETIME,
    "createdAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shop" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "domain" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "defaultTermDays" INTEGER NOT NULL DEFAULT 14,
    "legalProfile" TEXT NOT NULL DEFAULT 'nl_consumer',
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "installedAt" DATETIME NOT NULL,
    "uninstalledAt" DATETIME,
    "backfilledAt" DATETIME,
    "timeZone" TEXT NOT NULL DEFAULT 'Europe/Amsterdam',
    "quietHoursStart" INTEGER NOT NULL DEFAULT 21,
    "quietHoursEnd" INTEGER NOT NULL DEFAULT 8,
    "minGapHours" INTEGER NOT NULL DEFAULT 48,
    "senderName" TEXT,
    "senderEmail" TEXT,
    "replyTo" TEXT,
    "logoUrl" TEXT,
    "brandColor" TEXT NOT NULL DEFAULT '#1f6f50'
);
INSERT INTO "new_Shop" ("backfilledAt", "currency", "defaultTermDays", "domain", "id", "installedAt", "isDemo", "legalProfile", "name", "uninstalledAt") SELECT "backfilledAt", "currency", "defaultTermDays", "domain", "id", "installedAt", "isDemo", "legalProfile", "name", "uninstalledAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE UNIQUE INDEX "Shop_domain_key" ON "Shop"("domain");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Segment_shopId_position_idx" ON "Segment"("shopId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Message_idempotencyKey_key" ON "Message"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Message_receivableId_idx" ON "Message"("receivableId");

-- CreateIndex
CREATE INDEX "Message_status_nextAttemptAt_idx" ON "Message"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "Task_messageId_key" ON "Task"("messageId");

-- CreateIndex
CREATE INDEX "Task_shopId_doneAt_dueAt_idx" ON "Task"("shopId", "doneAt", "dueAt");

-- CreateIndex
CREATE INDEX "Receivable_status_nextActionAt_idx" ON "Receivable"("status", "nextActionAt");

