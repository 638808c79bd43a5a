-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "renewalFinalAction" TEXT NOT NULL DEFAULT 'keep',
ADD COLUMN     "renewalRetryDays" TEXT NOT NULL DEFAULT '1,3,7';

-- AlterTable
ALTER TABLE "Receivable" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'order';

-- CreateTable
CREATE TABLE "SubscriptionRenewal" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "receivableId" TEXT NOT NULL,
    "contractGid" TEXT NOT NULL,
    "cycleIndex" INTEGER NOT NULL,
    "cycleDate" TIMESTAMP(3) NOT NULL,
    "customerGid" TEXT,
    "customerPaymentMethodGid" TEXT,
    "errorCode" TEXT NOT NULL,
    "errorMessage" TEXT,
    "firstFailedAt" TIMESTAMP(3) NOT NULL,
    "lastFailedAt" TIMESTAMP(3) NOT NULL,
    "failedAttempts" INTEGER NOT NULL DEFAULT 1,
    "retriesSent" INTEGER NOT NULL DEFAULT 0,
    "nextRetryAt" TIMESTAMP(3),
    "retryKey" TEXT,
    "retryClaimedAt" TIMESTAMP(3),
    "updateEmailSentAt" TIMESTAMP(3),
    "paymentMethodUpdatedAt" TIMESTAMP(3),
    "challengeUrl" TEXT,
    "contractEndedAt" TIMESTAMP(3),
    "outcome" TEXT,
    "recoveredBy" TEXT,
    "recoveredAt" TIMESTAMP(3),
    "finalActionAt" TIMESTAMP(3),
    "finalActionError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubscriptionRenewal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SubscriptionRenewal_receivableId_key" ON "SubscriptionRenewal"("receivableId");

-- CreateIndex
CREATE INDEX "SubscriptionRenewal_shopId_customerGid_idx" ON "SubscriptionRenewal"("shopId", "customerGid");

-- CreateIndex
CREATE INDEX "SubscriptionRenewal_nextRetryAt_idx" ON "SubscriptionRenewal"("nextRetryAt");

-- CreateIndex
CREATE UNIQUE INDEX "SubscriptionRenewal_shopId_contractGid_cycleIndex_key" ON "SubscriptionRenewal"("shopId", "contractGid", "cycleIndex");

-- AddForeignKey
ALTER TABLE "SubscriptionRenewal" ADD CONSTRAINT "SubscriptionRenewal_receivableId_fkey" FOREIGN KEY ("receivableId") REFERENCES "Receivable"("id") ON DELETE CASCADE ON UPDATE CASCADE;

