/** `astro dev` on a copy of the site, as an author runs it, with its terminal output kept for assertions. */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ASTRO_BIN, authorEnvironment } from "#scripts/lib/temp-site.ts";

export interface DevServer {
  /** The server's origin, once it prints it (within 30 s, or the terminal output is thrown). */
  ready(): Promise<string>;
  /** Everything the server printed so far. */
  terminal(): string;
  stop(): void;
}

export function startDevServer(root: string): DevServer {
  const dev = spawn(process.execPath, [ASTRO_BIN, "dev", "--port", "0", "--host", "127.0.0.1"], {
    cwd: root,
    // Without the variables Vitest sets, which put Vite in test mode. Its own cache folder, as a copy's
    // build has (scripts/lib/temp-site.ts): the default is in node_modules, which the copy shares with the
    // repository, and the posts loader prunes renderings it did not make there.
    env: { ...authorEnvironment(), ASTRO_CACHE_DIR: join(root, ".astro-cache"), NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  let output = "";
  dev.stdout.on("data", (chunk) => {
    output += chunk;
  });
  dev.stderr.on("data", (chunk) => {
    output += chunk;
  });
  return {
    async ready() {
      for (let waited = 0; waited < 30_000; waited += 200) {
        const port = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
        if (port) return `http://127.0.0.1:${port}`;
        if (dev.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`astro dev did not start:\n${output}`);
    },
    terminal: () => output,
    stop: () => dev.kill(),
  };
}
