-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "address1" TEXT;
ALTER TABLE "Customer" ADD COLUMN "address2" TEXT;
ALTER TABLE "Customer" ADD COLUMN "city" TEXT;
ALTER TABLE "Customer" ADD COLUMN "province" TEXT;
ALTER TABLE "Customer" ADD COLUMN "zip" TEXT;

