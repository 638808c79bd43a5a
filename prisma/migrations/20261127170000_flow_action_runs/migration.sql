-- CreateTable
CREATE TABLE "FlowActionRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "actionRunId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "answer" INTEGER,
    "message" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "FlowActionRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "FlowActionRun_shopId_actionRunId_key" ON "FlowActionRun"("shopId", "actionRunId");

