import type { Page } from "playwright-core";

export interface Person {
  email: string;
  password: string;
}

/** Signs in through the sign-in page and waits for the signed-in layout. */
export async function signIn(page: Page, url: string, who: Person): Promise<void> {
  await page.goto(url);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
}
