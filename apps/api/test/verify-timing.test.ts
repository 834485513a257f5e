import { Agent, request } from "node:http";
import { generateToken, withChecksum } from "@keyward/schema/keys";
import { testEngines } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { profileOf, type SeededKey, seedApiKey, seedGatewayAccount } from "./support/key-seeds.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";
import {
  compareTimings,
  describeComparison,
  indistinguishable,
  type TimingComparison,
} from "./support/timing-comparison.ts";

// Security: POST /v1/keys/verify must not tell "this prefix belongs to a real key, the secret is
// wrong" from "no such key" by its response time. Both are looked up by the SHA-256 of the whole
// token, so both should do the same work: one hash, one cache probe, one SQL statement on a miss.
// Samples of both kinds are interleaved in random order over one keep-alive connection, and
// compared by effect size (see timing-comparison.ts). In the same run, "an unknown key the first
// time" (one SQL statement) against "the same unknown key again" (answered by the negative cache)
// is a control: the harness must tell those apart, so it would notice one path doing a query more.

const ROUNDS = 600;
const WARM_UP_ROUNDS = 60;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const RANDOM_START = "kw_dev_".length;
const RANDOM_END = RANDOM_START + 30;

/** A well-formed token sharing exactly the first `kept` random characters of `token`. */
function lookAlike(token: string, kept: number): string {
  let body = token.slice(0, RANDOM_START + kept);
  // The next character differs, so the secret is wrong however few characters follow.
  const original = BASE62.indexOf(token.charAt(body.length));
  body += BASE62.charAt((original + 1 + Math.floor(Math.random() * 61)) % 62);
  while (body.length < RANDOM_END) body += BASE62.charAt(Math.floor(Math.random() * 62));
  return withChecksum(body);
}

function shuffled<T>(items: T[]): T[] {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1));
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}

describe.each(testEngines())(
  "verify answers in the same time for a wrong secret and no key [%s]",
  (engine) => {
    let server: TestServer;
    let caller: SeededKey;
    let real: SeededKey;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });

    /** Milliseconds from sending the request to the last byte of the answer; checks the answer. */
    function timeVerify(token: string): Promise<number> {
      const body = JSON.stringify({ key: token });
      const url = new URL(`${server.url}/v1/keys/verify`);
      return new Promise((resolve, reject) => {
        const started = process.hrtime.bigint();
        const outgoing = request(
          {
            agent,
            host: "127.0.0.1",
            port: url.port,
            path: url.pathname,
            method: "POST",
            headers: {
              authorization: `Bearer ${caller.token}`,
              "content-type": "application/json",
              "content-length": Buffer.byteLength(body),
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () => {
              const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
              const answer = Buffer.concat(chunks).toString("utf8");
              if (response.statusCode !== 200 || !answer.includes('"code":"NOT_FOUND"')) {
                reject(new Error(`expected NOT_FOUND, got ${response.statusCode} ${answer}`));
              } else resolve(elapsed);
            });
          },
        );
        outgoing.on("error", reject);
        outgoing.end(body);
      });
    }

    beforeAll(async () => {
      // Every sample is an unknown key: lift the per-address spraying limit for this client.
      server = await startTestServer(engine, { app: { verification: { unknownKeysPerMinute: 1_000_000 } } });
      const seeded = await seedGatewayAccount(server.app.database.prisma);
      caller = seeded.caller;
      real = await seedApiKey(server.app.database.prisma, seeded.account, {
        ownerId: profileOf(seeded.account, "developer").id,
      });
    });
    afterAll(async () => {
      agent.destroy();
      await server.close();
    });

    it("cannot tell them apart on first sight nor from the negative cache; can tell a query more", async () => {
      const samples = {
        wrongSecret: [] as number[],
        noKey: [] as number[],
        wrongSecretAgain: [] as number[],
        noKeyAgain: [] as number[],
      };
      let previous: { wrongSecret: string; noKey: string } | null = null;
      for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
        // From the display-hint prefix (4 characters) to all but the last random character.
        const current = {
          wrongSecret: lookAlike(real.token, 4 + Math.floor(Math.random() * 26)),
          noKey: generateToken("DEVELOPMENT").token,
        };
        const steps: Array<[keyof typeof samples, string]> = [
          ["wrongSecret", current.wrongSecret],
          ["noKey", current.noKey],
        ];
        if (previous) {
          steps.push(["wrongSecretAgain", previous.wrongSecret], ["noKeyAgain", previous.noKey]);
        }
        for (const [kind, token] of shuffled(steps)) {
          const elapsed = await timeVerify(token);
          if (round >= WARM_UP_ROUNDS) samples[kind].push(elapsed);
        }
        previous = current;
      }

      const firstSight = compareTimings(samples.wrongSecret, samples.noKey);
      const negativeCache = compareTimings(samples.wrongSecretAgain, samples.noKeyAgain);
      const control = compareTimings(samples.noKey, samples.noKeyAgain);
      const report = (name: string, comparison: TimingComparison) =>
        `${name}: ${describeComparison(comparison)}`;
      const summary = [
        report("wrong secret vs no key, first sight", firstSight),
        report("wrong secret vs no key, negative cache", negativeCache),
        report("control: no key first sight vs again", control),
      ].join("\n");
      console.info(`[${engine}] ${summary}`);

      expect(indistinguishable(firstSight), summary).toBe(true);
      expect(indistinguishable(negativeCache), summary).toBe(true);
      // The control: the difference of one SQL statement is visible to this harness on this machine now.
      expect(indistinguishable(control), summary).toBe(false);
      expect(control.auc, summary).toBeGreaterThan(0.5);
    });
  },
);
