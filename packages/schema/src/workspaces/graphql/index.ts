import "./readiness-fields.ts";
