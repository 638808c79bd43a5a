-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Receivable" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "customerId" TEXT,
    "currency" TEXT NOT NULL,
    "totalMinor" BIGINT NOT NULL,
    "outstandingMinor" BIGINT NOT NULL,
    "issuedAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "creditSale" BOOLEAN NOT NULL,
    "financialStatus" TEXT NOT NULL,
    "paymentTermsName" TEXT,
    "paymentTermsGid" TEXT,
    "cancelledAt" DATETIME,
    "paidAt" DATETIME,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "paymentUrl" TEXT,
    "workflowState" TEXT,
    "pausedUntil" DATETIME,
    "pauseReason" TEXT,
    "nextActionAt" DATETIME,
    "sendNextNow" BOOLEAN NOT NULL DEFAULT false,
    "snapshotUpdatedAt" DATETIME NOT NULL,
    "snapshot" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Receivable_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Receivable_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Receivable" ("cancelledAt", "createdAt", "creditSale", "currency", "customerId", "dueAt", "financialStatus", "id", "issuedAt", "nextActionAt", "orderGid", "orderName", "outstandingMinor", "paidAt", "pauseReason", "pausedUntil", "paymentTermsGid", "paymentTermsName", "paymentUrl", "shopId", "snapshot", "snapshotUpdatedAt", "status", "test", "totalMinor", "updatedAt", "workflowState") SELECT "cancelledAt", "createdAt", "creditSale", "currency", "customerId", "dueAt", "financialStatus", "id", "issuedAt", "nextActionAt", "orderGid", "orderName", "outstandingMinor", "paidAt", "pauseReason", "pausedUntil", "paymentTermsGid", "paymentTermsName", "paymentUrl", "shopId", "snapshot", "snapshotUpdatedAt", "status", "test", "totalMinor", "updatedAt", "workflowState" FROM "Receivable";
DROP TABLE "Receivable";
ALTER TABLE "new_Receivable" RENAME TO "Receivable";
CREATE INDEX "Receivable_shopId_creditSale_status_dueAt_idx" ON "Receivable"("shopId", "creditSale", "status", "dueAt");
CREATE INDEX "Receivable_shopId_customerId_idx" ON "Receivable"("shopId", "customerId");
CREATE INDEX "Receivable_shopId_paymentTermsGid_idx" ON "Receivable"("shopId", "paymentTermsGid");
CREATE INDEX "Receivable_status_nextActionAt_idx" ON "Receivable"("status", "nextActionAt");
CREATE UNIQUE INDEX "Receivable_shopId_orderGid_key" ON "Receivable"("shopId", "orderGid");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

