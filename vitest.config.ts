import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "site",
          include: ["tests/build/**/*.test.ts", "tests/e2e/**/*.test.ts"],
          // Builds the site once into a temporary folder and serves it on 127.0.0.1;
          // build assertions read the files, browser tests drive Chromium against the server.
          globalSetup: ["tests/support/global-build.ts"],
          // One file at a time: builds, a browser and a language server all want both cores.
          fileParallelism: false,
          maxConcurrency: 3,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
