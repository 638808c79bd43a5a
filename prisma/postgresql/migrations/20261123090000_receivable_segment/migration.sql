-- AlterTable
ALTER TABLE "Receivable" ADD COLUMN     "segmentId" TEXT;

-- CreateIndex
CREATE INDEX "Receivable_shopId_segmentId_idx" ON "Receivable"("shopId", "segmentId");

