-- AlterTable
ALTER TABLE "PaymentAllocation" ADD COLUMN     "writeBackClaim" TEXT,
ADD COLUMN     "writeBackClaimedUntil" TIMESTAMP(3);

