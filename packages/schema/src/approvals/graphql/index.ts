import "./key-request-fields.ts";
import "./tool-fields.ts";
