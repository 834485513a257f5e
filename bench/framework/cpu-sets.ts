import { execFileSync } from "node:child_process";
import { cpus } from "node:os";

function hasTaskset(): boolean {
  try {
    execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const cores = cpus().length;
const pin = cores >= 2 && hasTaskset();

/** Server on core 0, load generator on core 1 (when the machine has two cores and taskset). */
export const cpuSets = {
  server: pin ? "0" : null,
  load: pin ? "1" : null,
};
