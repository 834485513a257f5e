import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";

/**
 * Where the main screens are saved: `apps/web/test-results/screenshots/` (git-ignored), or the
 * folder named by KEYWARD_SCREENSHOTS_DIR (relative to the working directory), which is how
 * docs/screenshots/ is refreshed.
 */
export function screenshotsDir(): string {
  const chosen = process.env.KEYWARD_SCREENSHOTS_DIR;
  return chosen ? path.resolve(chosen) : path.resolve(import.meta.dirname, "../../test-results/screenshots");
}

/**
 * Replaces every token-shaped text on the page by its display hint (`kw_dev_AbCd…x1Y2z3`), the
 * way the app shows keys everywhere but in the reveal-once modal, and returns how to put the
 * originals back. Runs in the page; the pattern is the token format of DESIGN §5.
 */
async function maskTokens(page: Page): Promise<() => Promise<void>> {
  const masked = await page.evaluate(() => {
    const token = /kw_(dev|sbx|stg|prd)_[0-9A-Za-z]{20,}/g;
    const hintOf = (value: string) => `${value.slice(0, 11)}…${value.slice(-6)}`;
    const changed: Array<[Text, string]> = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node as Text;
      const original = text.data;
      const replaced = original.replace(token, hintOf);
      if (replaced !== original) {
        changed.push([text, original]);
        text.data = replaced;
      }
    }
    const store = window as unknown as { __keywardMasked?: Array<[Text, string]> };
    store.__keywardMasked = changed;
    return {
      count: changed.length,
      leftover: new RegExp(token.source).test(document.body.textContent ?? ""),
    };
  });
  if (masked.leftover)
    throw new Error("a token-shaped text is still visible after masking: no screenshot taken");
  return async () => {
    await page.evaluate(() => {
      const store = window as unknown as { __keywardMasked?: Array<[Text, string]> };
      for (const [text, original] of store.__keywardMasked ?? []) text.data = original;
      store.__keywardMasked = undefined;
    });
  };
}

/**
 * Saves the viewport as `<name>.png` with every token masked, then restores the page exactly as
 * it was (a test that reads the token afterwards still finds it).
 */
export async function saveScreenshot(
  page: Page,
  name: string,
  options: { directory?: string; fullPage?: boolean } = {},
): Promise<string> {
  const directory = options.directory ?? screenshotsDir();
  await mkdir(directory, { recursive: true });
  const file = path.join(directory, `${name}.png`);
  const restore = await maskTokens(page);
  try {
    // Caret and animations frozen: the same screen gives the same picture run after run.
    await page.screenshot({ path: file, animations: "disabled", caret: "hide", fullPage: options.fullPage });
  } finally {
    await restore();
  }
  return file;
}
