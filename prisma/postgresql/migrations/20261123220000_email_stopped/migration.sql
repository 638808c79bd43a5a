-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "emailStoppedAddress" TEXT,
ADD COLUMN     "emailStoppedReason" TEXT;

