import "./webhook-mutations.ts";
import "./webhook-queries.ts";
import "./webhook-types.ts";
