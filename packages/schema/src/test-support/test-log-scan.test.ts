import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateToken } from "../keys/token-format.ts";
import { scanTestLogs, tokenShape } from "./test-log-scan.ts";

describe("test log scan", () => {
  let directory: string | undefined;
  afterEach(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it("reports file and line of every token-shaped string, and counts every line", async () => {
    directory = await mkdtemp(path.join(tmpdir(), "keyward-log-scan-"));
    const issued = generateToken("PRODUCTION");
    const lines = [
      JSON.stringify({ msg: "key changed", keyId: "k1", displayHint: issued.displayHint }),
      JSON.stringify({ msg: "verify", body: { key: issued.token } }),
      JSON.stringify({ msg: "hash only", hash: issued.hash }),
      `{"msg":"embedded","text":"Bearer ${generateToken("SANDBOX").token}."}`,
    ];
    await writeFile(path.join(directory, "a.ndjson"), `${lines.join("\n")}\n`);
    await writeFile(path.join(directory, "b.ndjson"), `${lines[0]}\n`);
    await writeFile(path.join(directory, "ignored.txt"), issued.token);

    const scan = scanTestLogs(directory);
    expect(scan).toEqual({
      files: 2,
      lines: 5,
      findings: [
        { file: path.join(directory, "a.ndjson"), line: 2 },
        { file: path.join(directory, "a.ndjson"), line: 4 },
      ],
    });
    expect(JSON.stringify(scan)).not.toContain(issued.token);
  });

  it("matches every environment's tokens, not hints, hashes or longer strings", () => {
    for (const environment of ["DEVELOPMENT", "SANDBOX", "STAGING", "PRODUCTION"] as const) {
      const issued = generateToken(environment);
      expect(tokenShape.test(issued.token)).toBe(true);
      expect(tokenShape.test(issued.displayHint)).toBe(false);
      expect(tokenShape.test(issued.hash)).toBe(false);
      expect(tokenShape.test(`${issued.token}X`)).toBe(false);
    }
  });

  it("an empty or missing folder has no lines (the caller fails on that)", () => {
    expect(scanTestLogs(path.join(tmpdir(), "keyward-no-such-folder"))).toEqual({
      files: 0,
      lines: 0,
      findings: [],
    });
  });
});
