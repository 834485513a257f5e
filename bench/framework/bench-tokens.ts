import { readFileSync } from "node:fs";
import type { RunningServer } from "./child-server.ts";

export interface BenchTokens {
  gateway: string;
  /** Id of the gateway's key (the bearer of every verify request). */
  gatewayId: string;
  tokens: string[];
  /** Ids of `tokens`' keys, in the same order. */
  keyIds: string[];
}

/** The fixtures' tokens written by servers/keyward-server.ts (a 0600 file, never printed). */
export function benchTokens(server: RunningServer): BenchTokens {
  const file = server.info.tokensFile;
  if (typeof file !== "string") throw new Error("the Keyward bench server reported no tokens file");
  return JSON.parse(readFileSync(file, "utf8")) as BenchTokens;
}
