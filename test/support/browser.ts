/** Debian's Chromium driven by playwright-core (Playwright cannot download browsers here). */
import { mkdirSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const SCREENSHOTS = "test-output/screenshots";

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
      "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
}
