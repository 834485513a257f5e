// Runs autocannon in its own process (pinned to the load core by load.ts) and prints its result
// as one JSON line. Options arrive as JSON in argv[2]. With `bodiesFile` (a JSON array of
// strings) every request takes the next body in turn, across all connections.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

interface WorkerOptions {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  bodiesFile?: string;
  connections: number;
  durationSeconds: number;
  amount?: number;
}

const options = JSON.parse(process.argv[2] ?? "{}") as WorkerOptions;
const bodies = options.bodiesFile ? (JSON.parse(readFileSync(options.bodiesFile, "utf8")) as string[]) : null;
let next = 0;
const result = await autocannon({
  url: options.url,
  method: options.method as "POST",
  headers: options.headers,
  connections: options.connections,
  // autocannon notices the end of a run only at its next sample tick (every `sampleInt` ms, 1 s by
  // default), and its duration runs to that tick: a run of an exact number of requests would be
  // timed up to a second long, throughput understated by as much. Sample every 10 ms instead.
  ...(options.amount === undefined
    ? { duration: options.durationSeconds }
    : { amount: options.amount, sampleInt: 10 }),
  ...(bodies === null
    ? { body: options.body }
    : {
        requests: [
          {
            setupRequest: (request: Record<string, unknown>) => {
              const body = bodies[next % bodies.length] ?? "";
              next++;
              return { ...request, body };
            },
          },
        ],
      }),
});
process.stdout.write(`${JSON.stringify({ ...result, bodiesSent: bodies === null ? null : next })}\n`);
