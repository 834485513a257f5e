import { type AlternatingResult, alternatingRounds } from "./alternating-rounds.ts";
import type { RunningServer } from "./child-server.ts";
import { type LoadOptions, runLoad } from "./load.ts";
import { measure, withServer } from "./server-runs.ts";

/** Timed rounds per side against the bare node:http server. */
const ROUNDS = 3;

/**
 * The load on `measured` against the same body on the bare node:http JSON server, both servers up
 * all along and timed in alternating rounds after a warm-up each (a slow phase of a shared machine
 * then hits both sides; each side's median round is reported, every round's ratio kept). `settle`
 * closes each of the measured side's rounds (see `measure`).
 */
export function againstBareServer(
  measured: RunningServer,
  load: LoadOptions,
  settle?: () => Promise<unknown>,
): Promise<AlternatingResult> {
  return withServer("bare-json-server.ts", {}, async (bare) => {
    const bareLoad: LoadOptions = { ...load, url: `http://127.0.0.1:${bare.port}/` };
    // One second of each load first (JIT, pools, caches), as every benchmark warms up.
    await runLoad({ ...bareLoad, durationSeconds: 1, amount: undefined });
    await runLoad({ ...load, durationSeconds: 1, amount: undefined });
    return alternatingRounds(
      ROUNDS,
      () => measure(bare, bareLoad),
      () => measure(measured, load, settle),
    );
  });
}
