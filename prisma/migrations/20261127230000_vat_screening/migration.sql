-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "vatCheckedAt" DATETIME;
ALTER TABLE "Customer" ADD COLUMN "vatNumber" TEXT;
ALTER TABLE "Customer" ADD COLUMN "vatRegisteredAddress" TEXT;
ALTER TABLE "Customer" ADD COLUMN "vatRegisteredName" TEXT;
ALTER TABLE "Customer" ADD COLUMN "vatStatus" TEXT;

