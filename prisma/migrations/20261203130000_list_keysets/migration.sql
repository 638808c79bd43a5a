-- CreateIndex
CREATE INDEX "Message_shopId_createdAt_id_idx" ON "Message"("shopId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Customer_shopId_lastName_id_idx" ON "Customer"("shopId", "lastName", "id");

