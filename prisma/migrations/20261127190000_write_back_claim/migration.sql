-- AlterTable
ALTER TABLE "PaymentAllocation" ADD COLUMN "writeBackClaim" TEXT;
ALTER TABLE "PaymentAllocation" ADD COLUMN "writeBackClaimedUntil" DATETIME;

