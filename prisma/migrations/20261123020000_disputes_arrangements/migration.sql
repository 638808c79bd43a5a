-- CreateTable
CREATE TABLE "Dispute" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "receivableId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "resolution" TEXT,
    "assignee" TEXT,
    "slaDueAt" DATETIME NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    "shopifyDisputeGid" TEXT,
    CONSTRAINT "Dispute_receivableId_fkey" FOREIGN KEY ("receivableId") REFERENCES "Receivable" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DisputeMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "disputeId" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "DisputeMessage_disputeId_fkey" FOREIGN KEY ("disputeId") REFERENCES "Dispute" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Arrangement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "receivableId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "totalMinor" BIGINT NOT NULL,
    "startOutstandingMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "graceDays" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "decidedAt" DATETIME,
    "endedAt" DATETIME,
    CONSTRAINT "Arrangement_receivableId_fkey" FOREIGN KEY ("receivableId") REFERENCES "Receivable" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Instalment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "arrangementId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    CONSTRAINT "Instalment_arrangementId_fkey" FOREIGN KEY ("arrangementId") REFERENCES "Arrangement" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "brandColor" TEXT NOT NULL DEFAULT '#1f6f50',
    "arrangementMaxInstalments" INTEGER NOT NULL DEFAULT 6,
    "arrangementMinInstalmentMinor" INTEGER NOT NULL DEFAULT 2500,
    "arrangementMaxDays" INTEGER NOT NULL DEFAULT 180,
    "arrangementGraceDays" INTEGER NOT NULL DEFAULT 5,
    "disputeSlaHours" INTEGER NOT NULL DEFAULT 48
);
INSERT INTO "new_Shop" ("backfilledAt", "brandColor", "currency", "defaultTermDays", "domain", "id", "installedAt", "isDemo", "legalProfile", "logoUrl", "minGapHours", "name", "quietHoursEnd", "quietHoursStart", "replyTo", "senderEmail", "senderName", "timeZone", "uninstalledAt") SELECT "backfilledAt", "brandColor", "currency", "defaultTermDays", "domain", "id", "installedAt", "isDemo", "legalProfile", "logoUrl", "minGapHours", "name", "quietHoursEnd", "quietHoursStart", "replyTo", "senderEmail", "senderName", "timeZone", "uninstalledAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE UNIQUE INDEX "Shop_domain_key" ON "Shop"("domain");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Dispute_shopId_status_slaDueAt_idx" ON "Dispute"("shopId", "status", "slaDueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Dispute_shopId_shopifyDisputeGid_key" ON "Dispute"("shopId", "shopifyDisputeGid");

-- CreateIndex
CREATE INDEX "Arrangement_shopId_status_idx" ON "Arrangement"("shopId", "status");

-- CreateIndex
CREATE INDEX "Arrangement_receivableId_idx" ON "Arrangement"("receivableId");

-- CreateIndex
CREATE UNIQUE INDEX "Instalment_arrangementId_seq_key" ON "Instalment"("arrangementId", "seq");

