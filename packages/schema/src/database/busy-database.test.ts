import { describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client.ts";
import { isBusyDatabase } from "./busy-database.ts";
import { isUniqueViolation } from "./unique-violation.ts";

const prismaError = (code: string, message: string) =>
  new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion: Prisma.prismaVersion.client });

describe("busy database errors", () => {
  it("recognises a transaction that found no connection in time, and busy SQLSTATEs along the cause chain", () => {
    expect(isBusyDatabase(prismaError("P2028", "Unable to start a transaction in the given time."))).toBe(
      true,
    );
    for (const sqlstate of ["40001", "40P01", "55P03"]) {
      expect(isBusyDatabase(new Error("driver", { cause: { originalCode: sqlstate } }))).toBe(true);
    }
  });

  it("leaves data errors and unknown failures alone", () => {
    expect(isBusyDatabase(prismaError("P2002", "Unique constraint failed"))).toBe(false);
    expect(isBusyDatabase(new Error("driver", { cause: { code: "23505" } }))).toBe(false);
    expect(isBusyDatabase(new Error("boom"))).toBe(false);
    expect(isBusyDatabase(null)).toBe(false);
    expect(isUniqueViolation(prismaError("P2002", "Unique constraint failed"))).toBe(true);
    expect(isUniqueViolation(new Error("driver", { cause: { code: "23505" } }))).toBe(true);
    expect(isUniqueViolation(prismaError("P2028", "busy"))).toBe(false);
  });
});
