import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { environmentCodes, TOKEN_CHECKSUM_LENGTH, TOKEN_RANDOM_LENGTH } from "../keys/token-format.ts";

/** Anything shaped like an issued token (`kw_<env>_<random><checksum>`), checksum valid or not. */
export const tokenShape = new RegExp(
  `kw_(?:${Object.values(environmentCodes).join("|")})_[0-9A-Za-z]{${TOKEN_RANDOM_LENGTH + TOKEN_CHECKSUM_LENGTH}}(?![0-9A-Za-z])`,
);

export interface TokenInLog {
  file: string;
  /** 1-based line number. */
  line: number;
}

export interface TestLogScan {
  files: number;
  lines: number;
  /** Where a token-shaped string was found (never the string itself). */
  findings: TokenInLog[];
}

/** Reads every `*.ndjson` file of `directory` and reports lines holding a token-shaped string. */
export function scanTestLogs(directory: string): TestLogScan {
  let names: string[];
  try {
    names = readdirSync(directory).filter((name) => name.endsWith(".ndjson"));
  } catch {
    return { files: 0, lines: 0, findings: [] };
  }
  let lines = 0;
  const findings: TokenInLog[] = [];
  for (const name of names.sort()) {
    const file = path.join(directory, name);
    const text = readFileSync(file, "utf8");
    const fileLines = text.split("\n");
    if (fileLines.at(-1) === "") fileLines.pop();
    fileLines.forEach((content, index) => {
      if (tokenShape.test(content)) findings.push({ file, line: index + 1 });
    });
    lines += fileLines.length;
  }
  return { files: names.length, lines, findings };
}
