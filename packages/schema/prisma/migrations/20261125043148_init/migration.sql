-- CreateEnum
CREATE TYPE "Role" AS ENUM ('SUPER_ADMIN', 'USER_ADMIN', 'BILLING_ADMIN', 'MODEL_ADMIN', 'PROVIDER_ADMIN', 'MCP_ADMIN', 'USER');

-- CreateEnum
CREATE TYPE "ProfileKind" AS ENUM ('USER', 'SERVICE_ACCOUNT');

-- CreateEnum
CREATE TYPE "ProfileStatus" AS ENUM ('ACTIVE', 'INACTIVE');

-- CreateEnum
CREATE TYPE "KeyStatus" AS ENUM ('PENDING', 'APPROVED', 'ACTIVE', 'REJECTED', 'REVOKED');

-- CreateEnum
CREATE TYPE "Environment" AS ENUM ('DEVELOPMENT', 'SANDBOX', 'STAGING', 'PRODUCTION');

-- CreateEnum
CREATE TYPE "Permission" AS ENUM ('READ', 'WRITE', 'EXECUTE', 'ADMIN');

-- CreateEnum
CREATE TYPE "KeyModule" AS ENUM ('AGENTS_EXECUTION', 'WORKFLOW_AUTOMATION', 'GOVERNANCE', 'SANDBOX', 'DEMO_BUILDS', 'INTEGRATIONS', 'MONITORING_LOGS');

-- CreateEnum
CREATE TYPE "RevocationCause" AS ENUM ('MANUAL', 'ROTATED', 'REGENERATED', 'LEAVER', 'LEAKED', 'POLICY', 'SUSPICIOUS_ACTIVITY');

-- CreateEnum
CREATE TYPE "ExportKind" AS ENUM ('AUDIT_LOG', 'KEY_REGISTRY');

-- CreateEnum
CREATE TYPE "ExportFormat" AS ENUM ('CSV', 'JSON');

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "planMonthlyVerifications" INTEGER NOT NULL DEFAULT 100000,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Workspace" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "bootstrapCompletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Workspace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Profile" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "kind" "ProfileKind" NOT NULL DEFAULT 'USER',
    "email" TEXT,
    "displayName" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'USER',
    "orgUnit" TEXT,
    "status" "ProfileStatus" NOT NULL DEFAULT 'ACTIVE',
    "lastSignInAt" TIMESTAMP(3),
    "ssoManaged" BOOLEAN NOT NULL DEFAULT false,
    "ssoSubject" TEXT,
    "passwordHash" TEXT,
    "passwordChangedAt" TIMESTAMP(3),
    "totpSecret" TEXT,
    "totpEnabledAt" TIMESTAMP(3),
    "totpLastStep" BIGINT,
    "recoveryCodeHashes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Profile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProfileWorkspace" (
    "profileId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "grantedById" TEXT,
    "grantedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProfileWorkspace_pkey" PRIMARY KEY ("profileId","workspaceId")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "ownerId" TEXT NOT NULL,
    "createdById" TEXT,
    "displayHint" TEXT,
    "hash" TEXT,
    "environment" "Environment" NOT NULL,
    "permissions" "Permission"[],
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "module" "KeyModule" NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "ipAllowlist" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "rateLimitPerMinute" INTEGER,
    "status" "KeyStatus" NOT NULL,
    "purpose" TEXT,
    "toolId" TEXT,
    "rotatedFromId" TEXT,
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "reviewReason" TEXT,
    "revokedById" TEXT,
    "revokedAt" TIMESTAMP(3),
    "revocationCause" "RevocationCause",
    "revocationNote" TEXT,
    "claimedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "lastUsedIp" TEXT,
    "rotationDueAt" TIMESTAMP(3),
    "lockedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKeyWorkspace" (
    "apiKeyId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "grantedById" TEXT,
    "grantedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKeyWorkspace_pkey" PRIMARY KEY ("apiKeyId","workspaceId")
);

-- CreateTable
CREATE TABLE "Tool" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "requiresApproval" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "profileId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "mfaVerifiedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KeyEvent" (
    "id" BIGSERIAL NOT NULL,
    "accountId" TEXT NOT NULL,
    "apiKeyId" TEXT,
    "presentedHint" TEXT,
    "workspaceId" TEXT,
    "module" "KeyModule",
    "action" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "ip" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KeyEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageRollup" (
    "accountId" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "result" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "UsageRollup_pkey" PRIMARY KEY ("apiKeyId","minute","result")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "accountId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "actorId" TEXT,
    "actorKind" TEXT NOT NULL,
    "viaKeyId" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "cause" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "ip" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExportReceipt" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "kind" "ExportKind" NOT NULL,
    "format" "ExportFormat" NOT NULL,
    "filename" TEXT NOT NULL,
    "filters" JSONB NOT NULL DEFAULT '{}',
    "rowCount" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExportReceipt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgPolicy" (
    "accountId" TEXT NOT NULL,
    "maxExpiryDays" INTEGER NOT NULL DEFAULT 365,
    "rotationAgeDays" INTEGER DEFAULT 90,
    "rotationGraceDays" INTEGER NOT NULL DEFAULT 14,
    "expiryAlertDays" INTEGER NOT NULL DEFAULT 14,
    "usageMonitoring" BOOLEAN NOT NULL DEFAULT true,
    "suspiciousActivityDetection" BOOLEAN NOT NULL DEFAULT true,
    "autoLockSuspicious" BOOLEAN NOT NULL DEFAULT false,
    "failedAuthBurstThreshold" INTEGER NOT NULL DEFAULT 20,
    "failedAuthBurstWindowSecs" INTEGER NOT NULL DEFAULT 60,
    "requireIpAllowlistInProduction" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,

    CONSTRAINT "OrgPolicy_pkey" PRIMARY KEY ("accountId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Account_slug_key" ON "Account"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Workspace_accountId_slug_key" ON "Workspace"("accountId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "Profile_email_key" ON "Profile"("email");

-- CreateIndex
CREATE INDEX "Profile_accountId_kind_status_idx" ON "Profile"("accountId", "kind", "status");

-- CreateIndex
CREATE INDEX "Profile_accountId_role_idx" ON "Profile"("accountId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "Profile_accountId_ssoSubject_key" ON "Profile"("accountId", "ssoSubject");

-- CreateIndex
CREATE INDEX "ProfileWorkspace_workspaceId_idx" ON "ProfileWorkspace"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_rotatedFromId_key" ON "ApiKey"("rotatedFromId");

-- CreateIndex
CREATE INDEX "ApiKey_accountId_ownerId_status_idx" ON "ApiKey"("accountId", "ownerId", "status");

-- CreateIndex
CREATE INDEX "ApiKey_accountId_status_lastUsedAt_idx" ON "ApiKey"("accountId", "status", "lastUsedAt");

-- CreateIndex
CREATE INDEX "ApiKey_accountId_createdAt_idx" ON "ApiKey"("accountId", "createdAt");

-- CreateIndex
CREATE INDEX "ApiKey_accountId_environment_module_idx" ON "ApiKey"("accountId", "environment", "module");

-- CreateIndex
CREATE INDEX "ApiKeyWorkspace_workspaceId_idx" ON "ApiKeyWorkspace"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "Tool_accountId_slug_key" ON "Tool"("accountId", "slug");

-- CreateIndex
CREATE INDEX "Session_profileId_idx" ON "Session"("profileId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "KeyEvent_apiKeyId_occurredAt_idx" ON "KeyEvent"("apiKeyId", "occurredAt");

-- CreateIndex
CREATE INDEX "KeyEvent_accountId_occurredAt_idx" ON "KeyEvent"("accountId", "occurredAt");

-- CreateIndex
CREATE INDEX "KeyEvent_accountId_result_occurredAt_idx" ON "KeyEvent"("accountId", "result", "occurredAt");

-- CreateIndex
CREATE INDEX "UsageRollup_accountId_minute_idx" ON "UsageRollup"("accountId", "minute");

-- CreateIndex
CREATE INDEX "AuditEvent_accountId_occurredAt_idx" ON "AuditEvent"("accountId", "occurredAt");

-- CreateIndex
CREATE INDEX "AuditEvent_accountId_targetType_targetId_idx" ON "AuditEvent"("accountId", "targetType", "targetId");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_accountId_seq_key" ON "AuditEvent"("accountId", "seq");

-- CreateIndex
CREATE INDEX "ExportReceipt_accountId_createdAt_idx" ON "ExportReceipt"("accountId", "createdAt");

-- AddForeignKey
ALTER TABLE "Workspace" ADD CONSTRAINT "Workspace_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Profile" ADD CONSTRAINT "Profile_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProfileWorkspace" ADD CONSTRAINT "ProfileWorkspace_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "Profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProfileWorkspace" ADD CONSTRAINT "ProfileWorkspace_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProfileWorkspace" ADD CONSTRAINT "ProfileWorkspace_grantedById_fkey" FOREIGN KEY ("grantedById") REFERENCES "Profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Profile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "Profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_revokedById_fkey" FOREIGN KEY ("revokedById") REFERENCES "Profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_toolId_fkey" FOREIGN KEY ("toolId") REFERENCES "Tool"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_rotatedFromId_fkey" FOREIGN KEY ("rotatedFromId") REFERENCES "ApiKey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKeyWorkspace" ADD CONSTRAINT "ApiKeyWorkspace_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKeyWorkspace" ADD CONSTRAINT "ApiKeyWorkspace_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKeyWorkspace" ADD CONSTRAINT "ApiKeyWorkspace_grantedById_fkey" FOREIGN KEY ("grantedById") REFERENCES "Profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tool" ADD CONSTRAINT "Tool_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "Profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KeyEvent" ADD CONSTRAINT "KeyEvent_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KeyEvent" ADD CONSTRAINT "KeyEvent_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageRollup" ADD CONSTRAINT "UsageRollup_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageRollup" ADD CONSTRAINT "UsageRollup_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Profile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExportReceipt" ADD CONSTRAINT "ExportReceipt_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExportReceipt" ADD CONSTRAINT "ExportReceipt_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgPolicy" ADD CONSTRAINT "OrgPolicy_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Guard: REVOKED is terminal. No path (API, script or console) may restore a revoked key
-- or give it a new secret.
CREATE FUNCTION keyward_revoked_is_terminal() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'REVOKED' AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.hash IS DISTINCT FROM OLD.hash) THEN
    RAISE EXCEPTION 'api key % is revoked; revoked keys cannot change status', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "ApiKey_revoked_is_terminal" BEFORE UPDATE ON "ApiKey"
  FOR EACH ROW EXECUTE FUNCTION keyward_revoked_is_terminal();

-- Guard: the audit log is append-only.
CREATE FUNCTION keyward_audit_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION keyward_audit_is_append_only();
