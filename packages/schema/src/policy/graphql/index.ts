import "./alert-fields.ts";
import "./key-insight-fields.ts";
import "./org-policy-fields.ts";
