-- CreateTable
CREATE TABLE "SubscriptionRenewal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "receivableId" TEXT NOT NULL,
    "contractGid" TEXT NOT NULL,
    "cycleIndex" INTEGER NOT NULL,
    "cycleDate" DATETIME NOT NULL,
    "customerGid" TEXT,
    "customerPaymentMethodGid" TEXT,
    "errorCode" TEXT NOT NULL,
    "errorMessage" TEXT,
    "firstFailedAt" DATETIME NOT NULL,
    "lastFailedAt" DATETIME NOT NULL,
    "failedAttempts" INTEGER NOT NULL DEFAULT 1,
    "retriesSent" INTEGER NOT NULL DEFAULT 0,
    "nextRetryAt" DATETIME,
    "retryKey" TEXT,
    "retryClaimedAt" DATETIME,
    "updateEmailSentAt" DATETIME,
    "paymentMethodUpdatedAt" DATETIME,
    "challengeUrl" TEXT,
    "contractEndedAt" DATETIME,
    "outcome" TEXT,
    "recoveredBy" TEXT,
    "recoveredAt" DATETIME,
    "finalActionAt" DATETIME,
    "finalActionError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SubscriptionRenewal_receivableId_fkey" FOREIGN KEY ("receivableId") REFERENCES "Receivable" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- New columns with constant defaults: added in place (no copy of the receivables table)
ALTER TABLE "Shop" ADD COLUMN "renewalRetryDays" TEXT NOT NULL DEFAULT '1,3,7';
ALTER TABLE "Shop" ADD COLUMN "renewalFinalAction" TEXT NOT NULL DEFAULT 'keep';
ALTER TABLE "Receivable" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'order';

-- CreateIndex
CREATE UNIQUE INDEX "SubscriptionRenewal_receivableId_key" ON "SubscriptionRenewal"("receivableId");

-- CreateIndex
CREATE INDEX "SubscriptionRenewal_shopId_customerGid_idx" ON "SubscriptionRenewal"("shopId", "customerGid");

-- CreateIndex
CREATE INDEX "SubscriptionRenewal_nextRetryAt_idx" ON "SubscriptionRenewal"("nextRetryAt");

-- CreateIndex
CREATE UNIQUE INDEX "SubscriptionRenewal_shopId_contractGid_cycleIndex_key" ON "SubscriptionRenewal"("shopId", "contractGid", "cycleIndex");

