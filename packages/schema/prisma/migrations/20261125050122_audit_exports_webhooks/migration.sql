-- AlterTable
ALTER TABLE "ExportReceipt" ADD COLUMN     "byteSize" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "snapshotSeq" INTEGER;

-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "dedupeKey" TEXT;

-- CreateTable
CREATE TABLE "ExportChunk" (
    "receiptId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "content" TEXT NOT NULL,

    CONSTRAINT "ExportChunk_pkey" PRIMARY KEY ("receiptId","index")
);

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_endpointId_dedupeKey_key" ON "WebhookDelivery"("endpointId", "dedupeKey");

-- AddForeignKey
ALTER TABLE "ExportChunk" ADD CONSTRAINT "ExportChunk_receiptId_fkey" FOREIGN KEY ("receiptId") REFERENCES "ExportReceipt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

