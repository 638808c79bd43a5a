-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Customer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "gid" TEXT NOT NULL,
    "email" TEXT,
    "firstName" TEXT,
    "lastName" TEXT,
    "company" TEXT,
    "phone" TEXT,
    "locale" TEXT,
    "countryCode" TEXT,
    "tags" TEXT NOT NULL DEFAULT '',
    "sourceUpdatedAt" DATETIME,
    "redactedAt" DATETIME,
    "reminderPausedUntil" DATETIME,
    "reminderPauseReason" TEXT,
    "creditLimitMinor" BIGINT,
    "riskLevel" TEXT NOT NULL DEFAULT 'low',
    CONSTRAINT "Customer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Customer" ("company", "countryCode", "email", "firstName", "gid", "id", "lastName", "locale", "phone", "redactedAt", "reminderPauseReason", "reminderPausedUntil", "shopId", "sourceUpdatedAt", "tags") SELECT "company", "countryCode", "email", "firstName", "gid", "id", "lastName", "locale", "phone", "redactedAt", "reminderPauseReason", "reminderPausedUntil", "shopId", "sourceUpdatedAt", "tags" FROM "Customer";
DROP TABLE "Customer";
ALTER TABLE "new_Customer" RENAME TO "Customer";
CREATE INDEX "Customer_shopId_email_idx" ON "Customer"("shopId", "email");
CREATE UNIQUE INDEX "Customer_shopId_gid_key" ON "Customer"("shopId", "gid");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

