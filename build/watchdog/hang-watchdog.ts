/**
 * Runs `astro build` in a child process and names the post when the build's main thread stops
 * moving: a post's MDX can loop forever, and the build would then hang without a word.
 *
 * The child beats once a second (heartbeat.ts). After STALL_SECONDS without a beat, the watchdog
 * starts the child's inspector (SIGUSR1, on a loopback port chosen here), pauses it and reads the
 * call stack. When a post's compiled code is on it, the build stops with an error naming the post;
 * otherwise the child resumes (a long synchronous step is slow, not stuck) and is watched again.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { relative } from "node:path";
import { Transform } from "node:stream";
import { fileURLToPath } from "node:url";

/** Seconds without a heartbeat before the watchdog looks at the stack. */
const STALL_SECONDS = Number(process.env.BLOG_STALL_SECONDS ?? 30);

export interface StackFrame {
  functionName: string;
  /** The script's URL, as the inspector names it (file:// for modules on disk). */
  url: string;
  /** 1-based. */
  line: number;
}

export interface StuckPost {
  /** The post's file, as the bundler's region comment names it (relative to the project). */
  file: string;
  /** The compiled line the post's code is stuck on. */
  code: string;
}

const HEARTBEAT = fileURLToPath(new URL("./heartbeat.ts", import.meta.url));

/**
 * The post whose compiled code is running in `frames`, found from the region comment
 * (`// src/content/blog/x.mdx`) that Rolldown writes above each module of a chunk.
 */
export function stuckPost(frames: StackFrame[], readChunk: (path: string) => string): StuckPost | undefined {
  for (const frame of frames) {
    if (!frame.url.startsWith("file:") || !/\/chunks\/[^/]+\.mjs$/.test(frame.url)) continue;
    let lines: string[];
    try {
      lines = readChunk(fileURLToPath(frame.url)).split("\n");
    } catch {
      continue;
    }
    for (let index = Math.min(frame.line, lines.length) - 1; index >= 0; index--) {
      // The nearest region comment above the line names the module the line belongs to.
      const region = /^\/\/ ([\w@.-]+\/\S+)$/.exec(lines[index] ?? "")?.[1];
      if (!region) continue;
      if (/\.mdx?$/.test(region)) return { file: region, code: (lines[frame.line - 1] ?? "").trim() };
      break;
    }
  }
  return undefined;
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject()));
    });
    server.on("error", reject);
  });
}

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/** A paused view of the child through its inspector: its call stack, and a way to let it go on. */
async function pauseChild(child: ChildProcess, port: number): Promise<{ frames: StackFrame[]; resume(): void }> {
  child.kill("SIGUSR1");
  let target: string | undefined;
  for (let attempt = 0; attempt < 100 && !target; attempt++) {
    try {
      const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
        webSocketDebuggerUrl: string;
      }[];
      target = targets[0]?.webSocketDebuggerUrl;
    } catch {
      await sleep(100);
    }
  }
  if (!target) throw new Error("its inspector did not start");
  const socket = new WebSocket(target);
  await new Promise((opened, failed) => {
    socket.addEventListener("open", opened);
    socket.addEventListener("error", failed);
  });
  const scriptUrls = new Map<string, string>();
  type PausedFrame = { functionName: string; url?: string; location: { scriptId: string; lineNumber: number } };
  const frames = new Promise<StackFrame[]>((resolveFrames) => {
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data));
      if (message.method === "Debugger.scriptParsed") scriptUrls.set(message.params.scriptId, message.params.url);
      if (message.method !== "Debugger.paused") return;
      resolveFrames(
        message.params.callFrames.map((frame: PausedFrame) => ({
          functionName: frame.functionName,
          url: frame.url || scriptUrls.get(frame.location.scriptId) || "",
          line: frame.location.lineNumber + 1,
        })),
      );
    });
  });
  let id = 0;
  const send = (method: string) => socket.send(JSON.stringify({ id: ++id, method }));
  send("Debugger.enable");
  send("Debugger.pause");
  return {
    frames: await frames,
    resume() {
      send("Debugger.resume");
      send("Debugger.disable");
      socket.close();
    },
  };
}

/** Drops Node's own inspector notices from a stream of lines. */
class InspectorNoticeFilter extends Transform {
  #partial = "";
  override _transform(chunk: Buffer, _encoding: string, done: () => void) {
    const lines = (this.#partial + chunk.toString("utf8")).split("\n");
    this.#partial = lines.pop() ?? "";
    for (const line of lines) if (!INSPECTOR_NOTICE.test(line)) this.push(`${line}\n`);
    done();
  }
  override _flush(done: () => void) {
    if (this.#partial && !INSPECTOR_NOTICE.test(this.#partial)) this.push(this.#partial);
    done();
  }
}
const INSPECTOR_NOTICE =
  /^(Debugger listening on |Debugger attached\.|Debugger ending on |For help, see: https:\/\/nodejs\.org)/;

/** Runs `node <args>` (the Astro CLI) under the watchdog; resolves with its exit status. */
export async function runWatched(args: string[]): Promise<number> {
  const port = await freeLoopbackPort();
  const child = spawn(process.execPath, [`--inspect-port=127.0.0.1:${port}`, "--import", HEARTBEAT, ...args], {
    stdio: ["inherit", "inherit", "pipe", "pipe"],
    env: { ...process.env, BLOG_HEARTBEAT_FD: "3", BLOG_WATCHDOG_PID: String(process.pid) },
  });
  // Node announces the inspector on stderr; the reader needs the error below, not that.
  child.stderr?.pipe(new InspectorNoticeFilter()).pipe(process.stderr);
  // Stopping the build stops its child too (a test's timeout, a CI runner's cancel).
  for (const signal of ["SIGTERM", "SIGHUP"] as const) process.once(signal, () => child.kill(signal));
  let lastBeat = Date.now();
  child.stdio[3]?.on("data", () => {
    lastBeat = Date.now();
  });
  let stuck: StuckPost | undefined;
  let looking = false;
  const watch = setInterval(async () => {
    const quietSeconds = (Date.now() - lastBeat) / 1000;
    if (looking || quietSeconds < STALL_SECONDS) return;
    looking = true;
    try {
      const paused = await pauseChild(child, port);
      stuck = stuckPost(paused.frames, (path) => readFileSync(path, "utf8"));
      if (stuck) {
        child.kill("SIGKILL");
        return;
      }
      const top = paused.frames
        .slice(0, 3)
        .map(
          (frame) =>
            `${frame.functionName || "(anonymous)"} ${relative(process.cwd(), fileURLToPath(frame.url.startsWith("file:") ? frame.url : "file:///"))}:${frame.line}`,
        );
      console.error(
        `[watchdog] The build has been busy for ${Math.round(quietSeconds)} s, in no post's code (${top.join(" ← ")}); still waiting.`,
      );
      paused.resume();
      lastBeat = Date.now();
    } catch (error) {
      console.error(
        `[watchdog] Could not look at the busy build: ${error instanceof Error ? error.message : String(error)}`,
      );
      lastBeat = Date.now();
    } finally {
      looking = false;
    }
  }, 1000);
  let exitSignal: NodeJS.Signals | null = null;
  const status = await new Promise<number>((resolveExit) =>
    child.on("exit", (code, signal) => {
      exitSignal = signal;
      resolveExit(code ?? (signal ? 1 : 0));
    }),
  );
  clearInterval(watch);
  if (stuck) {
    console.error(
      `\n${stuck.file}: error: rendering this post has not finished after ${STALL_SECONDS} s: its MDX code is still running, at \`${stuck.code}\`. Look for a loop that never ends in its expressions or exports. The build was stopped.`,
    );
    return 1;
  }
  // A crash in native code (the bundler's parser) ends the child with no word of its own.
  if (exitSignal && exitSignal !== "SIGTERM" && exitSignal !== "SIGINT") {
    console.error(`\nerror: astro build crashed (${exitSignal}) without a message.`);
  }
  return status;
}
