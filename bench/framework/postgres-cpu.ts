import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU time (user + system, in ms) used so far by every PostgreSQL process on this machine (those
 * whose command name is "postgres"), from /proc; null off Linux or when none runs here. On a
 * machine of two cores the database's CPU per request competes with the server's and the load
 * generator's, so the benchmarks report it beside the server's. A backend that exited is counted
 * too: the postmaster reaps it, and its time moves to the postmaster's children's time (cutime,
 * cstime), read here with every process's own.
 */
export function postgresCpuMs(): number | null {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return null;
  }
  let ticks = 0;
  let found = false;
  for (const entry of entries) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const open = stat.indexOf("(");
      const close = stat.lastIndexOf(")");
      if (stat.slice(open + 1, close) !== "postgres") continue;
      const fields = stat.slice(close + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      found = true;
    } catch {
      // The process ended between the listing and the read.
    }
  }
  // Clock ticks of 10 ms (USER_HZ = 100 on Linux).
  return found ? ticks * 10 : null;
}
