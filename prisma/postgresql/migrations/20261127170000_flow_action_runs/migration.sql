-- CreateTable
CREATE TABLE "FlowActionRun" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "actionRunId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "answer" INTEGER,
    "message" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FlowActionRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FlowActionRun_shopId_actionRunId_key" ON "FlowActionRun"("shopId", "actionRunId");

-- AddForeignKey
ALTER TABLE "FlowActionRun" ADD CONSTRAINT "FlowActionRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

