-- DropIndex
DROP INDEX "Receivable_shopId_creditSale_status_dueAt_idx";

-- CreateTable
CREATE TABLE "DashboardSnapshot" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "openCount" INTEGER NOT NULL,
    "summary" TEXT NOT NULL,
    "computedAt" DATETIME NOT NULL,
    "computeMs" INTEGER NOT NULL,
    CONSTRAINT "DashboardSnapshot_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Receivable_shopId_creditSale_status_dueAt_id_outstandingMinor_idx" ON "Receivable"("shopId", "creditSale", "status", "dueAt", "id", "outstandingMinor");

