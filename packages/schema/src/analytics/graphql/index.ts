import "./activity-log-fields.ts";
import "./key-event-key-field.ts";
import "./overview-fields.ts";
import "./usage-fields.ts";
