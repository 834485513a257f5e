-- AlterEnum
ALTER TYPE "AlertKind" ADD VALUE 'POLICY_VIOLATION';

-- AlterTable
ALTER TABLE "KeyEvent" ADD COLUMN     "permission" "Permission",
ADD COLUMN     "scope" TEXT;

-- CreateIndex
CREATE INDEX "Alert_apiKeyId_idx" ON "Alert"("apiKeyId");

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "Profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;
