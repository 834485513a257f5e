-- The activity writer updates "lastUsedAt"/"lastUsedIp" of every key used in a batch. With
-- "lastUsedAt" in a B-tree index, each of those updates was a non-HOT update: a new row version
-- elsewhere plus a new entry in every one of the table's indexes. No query filters or sorts by
-- that index's third column (the registry's LAST_USED orders put NULLs first/last and break ties
-- by id, which this index cannot serve), so it becomes (accountId, status), and a last-use update
-- changes no indexed column: PostgreSQL can keep it on the row's own page (heap-only tuple).
DROP INDEX "ApiKey_accountId_status_lastUsedAt_idx";

CREATE INDEX "ApiKey_accountId_status_idx" ON "ApiKey"("accountId", "status");

-- Room on each page for those updates: a heap-only update needs space on the row's page.
ALTER TABLE "ApiKey" SET (fillfactor = 80);
