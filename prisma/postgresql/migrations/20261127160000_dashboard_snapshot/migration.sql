-- DropIndex
DROP INDEX "Receivable_shopId_creditSale_status_dueAt_idx";

-- CreateTable
CREATE TABLE "DashboardSnapshot" (
    "shopId" TEXT NOT NULL,
    "openCount" INTEGER NOT NULL,
    "summary" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,
    "computeMs" INTEGER NOT NULL,

    CONSTRAINT "DashboardSnapshot_pkey" PRIMARY KEY ("shopId")
);

-- CreateIndex
CREATE INDEX "Receivable_shopId_creditSale_status_dueAt_id_outstandingMin_idx" ON "Receivable"("shopId", "creditSale", "status", "dueAt", "id", "outstandingMinor");

-- AddForeignKey
ALTER TABLE "DashboardSnapshot" ADD CONSTRAINT "DashboardSnapshot_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

