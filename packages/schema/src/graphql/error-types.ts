import { DomainError, errorCodes } from "../errors/index.ts";
import { builder } from "./builder.ts";

export const ErrorCodeEnum = builder.enumType("ErrorCode", { values: errorCodes });

const FieldIssueRef = builder.objectRef<{ path: string; message: string }>("FieldIssue").implement({
  fields: (t) => ({ path: t.exposeString("path"), message: t.exposeString("message") }),
});

/** Every expected failure implements Error: a stable code and words for people. */
export const ErrorInterface = builder.interfaceRef<DomainError>("Error").implement({
  fields: (t) => ({
    code: t.expose("code", { type: ErrorCodeEnum }),
    message: t.exposeString("message"),
  }),
});

builder.objectType(DomainError, {
  name: "KeywardError",
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof DomainError,
  fields: (t) => ({
    fieldIssues: t.field({ type: [FieldIssueRef], resolve: (error) => error.fieldIssues }),
  }),
});
