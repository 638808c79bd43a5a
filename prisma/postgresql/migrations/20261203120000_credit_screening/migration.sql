-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "creditsafePassword" TEXT,
ADD COLUMN     "creditsafeUsername" TEXT,
ADD COLUMN     "screeningIntervalDays" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "screeningScoreDrop" INTEGER NOT NULL DEFAULT 10;

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "bureauCheckedAt" TIMESTAMP(3),
ADD COLUMN     "bureauCompanyId" TEXT,
ADD COLUMN     "bureauCompanyName" TEXT,
ADD COLUMN     "bureauLimitCurrency" TEXT,
ADD COLUMN     "bureauLimitMinor" BIGINT,
ADD COLUMN     "bureauRating" TEXT,
ADD COLUMN     "bureauScore" INTEGER,
ADD COLUMN     "bureauSource" TEXT,
ADD COLUMN     "bureauStatus" TEXT,
ADD COLUMN     "screenedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Customer_shopId_screenedAt_idx" ON "Customer"("shopId", "screenedAt");

