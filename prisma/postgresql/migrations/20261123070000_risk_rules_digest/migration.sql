-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "alertDigestEmail" TEXT,
ADD COLUMN     "alertDigestSentOn" TEXT,
ADD COLUMN     "riskHighAverageDaysLate" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "riskHighWorstDaysLate" INTEGER NOT NULL DEFAULT 60,
ADD COLUMN     "riskMediumAverageDaysLate" INTEGER NOT NULL DEFAULT 7;

