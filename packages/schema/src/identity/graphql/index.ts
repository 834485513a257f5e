import "./auth-config-query.ts";
import "./profile-type.ts";
import "./viewer-query.ts";
import "./profile-activity-type.ts";
import "./session-mutations.ts";
import "./totp-mutations.ts";
import "./user-mutations.ts";
import "./user-queries.ts";
