import { type AlternatingResult, alternatingRounds } from "./alternating-rounds.ts";
import type { RunningServer } from "./child-server.ts";
import { type LoadOptions, runLoad } from "./load.ts";
import { measure, withServer } from "./server-runs.ts";

/** Timed rounds per side against the bare node:http server. */
const ROUNDS = 3;

/** The same load sent to another server on loopback (same path). */
function loadOn(server: RunningServer, load: LoadOptions, pathname?: string): LoadOptions {
  const url = new URL(load.url);
  url.port = String(server.port);
  if (pathname !== undefined) url.pathname = pathname;
  return { ...load, url: url.toString() };
}

/**
 * The load on `measured` against the same body on the bare node:http JSON server, both servers up
 * all along and timed in alternating rounds after a warm-up each (a slow phase of a shared machine
 * then hits both sides; each side's median round is reported, every round's ratio kept). `settle`
 * closes each of the measured side's rounds (see `measure`). A `reference` server, when given, gets
 * the same load in every round too and is compared with the same bare rounds.
 */
export function againstBareServer(
  measured: RunningServer,
  load: LoadOptions,
  settle?: () => Promise<unknown>,
  reference?: RunningServer,
): Promise<AlternatingResult> {
  return withServer("bare-json-server.ts", {}, async (bare) => {
    const bareLoad = loadOn(bare, load, "/");
    const referenceLoad = reference && loadOn(reference, load);
    // One second of each load first (JIT, pools, caches), as every benchmark warms up.
    for (const warmUp of [bareLoad, referenceLoad, load])
      if (warmUp) await runLoad({ ...warmUp, durationSeconds: 1, amount: undefined });
    return alternatingRounds(
      ROUNDS,
      () => measure(bare, bareLoad),
      () => measure(measured, load, settle),
      reference && referenceLoad && (() => measure(reference, referenceLoad)),
    );
  });
}
