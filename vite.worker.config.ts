/** The worker process's bundle (app/worker.server.ts -> build/worker/index.js); packages stay external as in the server build. */
import { defineConfig } from "vite";

export default defineConfig({
  build: {
    ssr: "app/worker.server.ts",
    outDir: "build/worker",
    emptyOutDir: true,
    target: "node22",
    rollupOptions: { output: { entryFileNames: "index.js", format: "es" } },
  },
  publicDir: false,
  logLevel: "warn",
});
