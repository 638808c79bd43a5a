-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "vatCheckedAt" TIMESTAMP(3),
ADD COLUMN     "vatNumber" TEXT,
ADD COLUMN     "vatRegisteredAddress" TEXT,
ADD COLUMN     "vatRegisteredName" TEXT,
ADD COLUMN     "vatStatus" TEXT;

