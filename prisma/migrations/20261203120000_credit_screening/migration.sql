-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "bureauCheckedAt" DATETIME;
ALTER TABLE "Customer" ADD COLUMN "bureauCompanyId" TEXT;
ALTER TABLE "Customer" ADD COLUMN "bureauCompanyName" TEXT;
ALTER TABLE "Customer" ADD COLUMN "bureauLimitCurrency" TEXT;
ALTER TABLE "Customer" ADD COLUMN "bureauLimitMinor" BIGINT;
ALTER TABLE "Customer" ADD COLUMN "bureauRating" TEXT;
ALTER TABLE "Customer" ADD COLUMN "bureauScore" INTEGER;
ALTER TABLE "Customer" ADD COLUMN "bureauSource" TEXT;
ALTER TABLE "Customer" ADD COLUMN "bureauStatus" TEXT;
ALTER TABLE "Customer" ADD COLUMN "screenedAt" DATETIME;

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
    "disputeSlaHours" INTEGER NOT NULL DEFAULT 48,
    "riskMediumAverageDaysLate" INTEGER NOT NULL DEFAULT 7,
    "riskHighAverageDaysLate" INTEGER NOT NULL DEFAULT 30,
    "riskHighWorstDaysLate" INTEGER NOT NULL DEFAULT 60,
    "alertDigestEmail" TEXT,
    "alertDigestSentOn" TEXT,
    "groupReminders" BOOLEAN NOT NULL DEFAULT true,
    "promiseMaxDays" INTEGER NOT NULL DEFAULT 14,
    "iban" TEXT,
    "accountHolder" TEXT,
    "mollieApiKey" TEXT,
    "flowTriggersInUse" BOOLEAN NOT NULL DEFAULT false,
    "creditsafeUsername" TEXT,
    "creditsafePassword" TEXT,
    "screeningIntervalDays" INTEGER NOT NULL DEFAULT 30,
    "screeningScoreDrop" INTEGER NOT NULL DEFAULT 10
);
INSERT INTO "new_Shop" ("accountHolder", "alertDigestEmail", "alertDigestSentOn", "arrangementGraceDays", "arrangementMaxDays", "arrangementMaxInstalments", "arrangementMinInstalmentMinor", "backfilledAt", "brandColor", "currency", "defaultTermDays", "disputeSlaHours", "domain", "flowTriggersInUse", "groupReminders", "iban", "id", "installedAt", "isDemo", "legalProfile", "logoUrl", "minGapHours", "mollieApiKey", "name", "promiseMaxDays", "quietHoursEnd", "quietHoursStart", "replyTo", "riskHighAverageDaysLate", "riskHighWorstDaysLate", "riskMediumAverageDaysLate", "senderEmail", "senderName", "timeZone", "uninstalledAt") SELECT "accountHolder", "alertDigestEmail", "alertDigestSentOn", "arrangementGraceDays", "arrangementMaxDays", "arrangementMaxInstalments", "arrangementMinInstalmentMinor", "backfilledAt", "brandColor", "currency", "defaultTermDays", "disputeSlaHours", "domain", "flowTriggersInUse", "groupReminders", "iban", "id", "installedAt", "isDemo", "legalProfile", "logoUrl", "minGapHours", "mollieApiKey", "name", "promiseMaxDays", "quietHoursEnd", "quietHoursStart", "replyTo", "riskHighAverageDaysLate", "riskHighWorstDaysLate", "riskMediumAverageDaysLate", "senderEmail", "senderName", "timeZone", "uninstalledAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE UNIQUE INDEX "Shop_domain_key" ON "Shop"("domain");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Customer_shopId_screenedAt_idx" ON "Customer"("shopId", "screenedAt");

