import "./audit-event-type.ts";
import "./audit-queries.ts";
import "./export-mutations.ts";
import "./export-queries.ts";
import "./export-receipt-type.ts";
