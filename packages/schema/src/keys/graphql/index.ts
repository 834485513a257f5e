import "./api-key-queries.ts";
import "./api-key-type.ts";
import "./key-mutations.ts";
import "./tool-type.ts";
