-- AlterEnum
ALTER TYPE "AlertKind" ADD VALUE 'POLICY_VIOLATION';

-- AlterTable
ALTER TABLE "KeyEvent" ADD COLUMN     "permission" "Permission",
ADD COLUMN     "scope" TEXT;

-- CreateTable
CREATE TABLE "KeyNetwork" (
    "apiKeyId" TEXT NOT NULL,
    "network" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KeyNetwork_pkey" PRIMARY KEY ("apiKeyId","network")
);

-- CreateIndex
CREATE INDEX "Alert_apiKeyId_idx" ON "Alert"("apiKeyId");

-- AddForeignKey
ALTER TABLE "KeyNetwork" ADD CONSTRAINT "KeyNetwork_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "Profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;
