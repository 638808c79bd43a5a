import { defineConfig } from "vitest/config";

const integration = {
  include: ["test/integration/**/*.test.ts"],
  globalSetup: ["test/support/serverSetup.ts"],
  testTimeout: 30_000,
  hookTimeout: 120_000,
  fileParallelism: false,
};

// load and fault tests: each file starts its own app processes (and its own PostgreSQL)
const resilience = {
  include: ["test/resilience/**/*.test.ts"],
  testTimeout: 600_000,
  hookTimeout: 180_000,
  fileParallelism: false,
};

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/domain/**/*.test.ts", "test/adapters/**/*.test.ts", "test/app/**/*.test.ts", "test/extensions/**/*.test.ts", "test/extensions/**/*.test.tsx"] } },
      { test: { name: "integration", ...integration } },
      // the same suite against PostgreSQL, when scripts/test.sh could start one
      ...(process.env.DUNLY_TEST_POSTGRES_URL ? [{ test: { name: "integration-postgresql", ...integration } }] : []),
      { test: { name: "resilience", ...resilience } },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          globalSetup: ["test/support/demoServerSetup.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
