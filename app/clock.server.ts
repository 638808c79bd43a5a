import type { Clock } from "./domain/time";
import { isProduction } from "./config.server";

/**
 * The server's clock. DUNLY_NOW pins it (outside production) so the demo seed and the browser
 * tests show the same aging numbers on any day they run.
 */
export const clock: Clock = () => {
  const pinned = process.env.DUNLY_NOW;
  return pinned && !isProduction() ? new Date(pinned) : new Date();
};
