-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "creditLimitMinor" BIGINT,
ADD COLUMN     "riskLevel" TEXT NOT NULL DEFAULT 'low';

