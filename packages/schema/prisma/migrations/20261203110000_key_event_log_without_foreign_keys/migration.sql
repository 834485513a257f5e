-- KeyEvent is an append-only log: no per-row referential checks on the verification hot path's
-- batch inserts (they nearly doubled the cost of a batch), and entries outlive what they name.
-- DropForeignKey
ALTER TABLE "KeyEvent" DROP CONSTRAINT "KeyEvent_accountId_fkey";

-- DropForeignKey
ALTER TABLE "KeyEvent" DROP CONSTRAINT "KeyEvent_apiKeyId_fkey";
