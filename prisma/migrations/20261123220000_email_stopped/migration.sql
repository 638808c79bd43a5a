-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "emailStoppedAddress" TEXT;
ALTER TABLE "Customer" ADD COLUMN "emailStoppedReason" TEXT;

