import { describe, expect, it } from "vitest";
import { BurstGate } from "../../app/services/ingest/burstGate";

/** A clock that moves only when the gate sleeps, and arrivals scheduled on it. */
function simulated(arrivalsAt: number[]) {
  let now = 0;
  const slept: number[] = [];
  const gate: BurstGate = new BurstGate({
    quietMs: 50, maxWaitMs: 2_000, now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      const until = now + ms;
      for (const at of arrivalsAt) if (at > now && at <= until) {
        now = at;
        gate.arrived();
      }
      now = until;
    },
  });
  return { gate, slept, now: () => now, arriveNow: () => gate.arrived() };
}

describe("the worker's burst gate", () => {
  it("does not wait when nothing arrived lately", async () => {
    const { gate, slept } = simulated([]);
    await gate.forDrain(() => false)();
    expect(slept).toEqual([]);
  });

  it("waits until arrivals stop for the quiet time", async () => {
    const { gate, arriveNow, now } = simulated([30, 70, 110]);
    arriveNow();
    await gate.forDrain(() => false)();
    // the last arrival at 110, quiet 50 ms after it: the first check past 160
    expect(now()).toBeGreaterThanOrEqual(160);
    expect(now()).toBeLessThan(250);
  });

  it("gives up after the drain's budget in a burst that never ends, across all its waits", async () => {
    const { gate, arriveNow, now } = simulated(Array.from({ length: 400 }, (_, i) => 10 + i * 20));
    arriveNow();
    const wait = gate.forDrain(() => false);
    await wait();
    expect(now()).toBe(2_000);
    await wait(); // between two batches of the same drain: the budget is spent
    expect(now()).toBe(2_000);
    const next = gate.forDrain(() => false); // the next drain has its own
    await next();
    expect(now()).toBe(4_000);
  });

  it("stops waiting when the worker stops", async () => {
    const { gate, arriveNow, slept } = simulated(Array.from({ length: 100 }, (_, i) => 10 + i * 20));
    arriveNow();
    let stopping = false;
    const wait = gate.forDrain(() => stopping);
    stopping = true;
    await wait();
    expect(slept).toEqual([]);
  });
});
