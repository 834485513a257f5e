import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { saveScreenshot } from "./screenshots.ts";

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Runs a scenario; on failure keeps a screenshot in test-results/ (git-ignored) to look at. */
  scenario(name: string, steps: (page: Page) => Promise<void>): Promise<void>;
  /** Saves the current screen as `<name>.png` (tokens masked) among the main screens (screenshots.ts). */
  capture(name: string): Promise<void>;
  close(): Promise<void>;
}

const resultsDir = path.resolve(import.meta.dirname, "../../test-results");

/** Debian's Chromium, headless, with the flags that keep it quiet on a closed network (STACK.md). */
export async function openBrowser(): Promise<Browser> {
  const profileDir = await mkdtemp(path.join(tmpdir(), "keyward-chromium-"));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.KEYWARD_CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    // The size of the screenshots in the README.
    viewport: { width: 1280, height: 800 },
    // The reveal-once modal copies to the clipboard.
    permissions: ["clipboard-read", "clipboard-write"],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async scenario(name, steps) {
      try {
        await steps(page);
      } catch (error) {
        await saveScreenshot(page, name, { directory: resultsDir, fullPage: true }).catch(() => {});
        throw error;
      }
    },
    async capture(name) {
      await saveScreenshot(page, name);
    },
    async close() {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}
