import "./profile-type.ts";
import "./viewer-query.ts";
