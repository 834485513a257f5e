import "./auth-config-query.ts";
import "./profile-type.ts";
import "./viewer-query.ts";
