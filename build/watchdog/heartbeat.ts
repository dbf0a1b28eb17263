/**
 * Loaded with `--import` into `astro build` by build/watchdog/hang-watchdog.ts: one byte a second
 * on the pipe the watchdog gave us. When the bytes stop, the main thread is stuck in synchronous
 * code (a post's `while (true)`), since an idle or awaiting build still runs its timers.
 */
import { writeSync } from "node:fs";
import { isMainThread } from "node:worker_threads";

const fd = Number(process.env.BLOG_HEARTBEAT_FD);
const watchdogPid = Number(process.env.BLOG_WATCHDOG_PID);
// Forked workers inherit --import and the environment: only the watchdog's own child beats.
if (isMainThread && process.ppid === watchdogPid && Number.isInteger(fd)) {
  delete process.env.BLOG_HEARTBEAT_FD;
  setInterval(() => {
    try {
      writeSync(fd, ".");
    } catch {
      // The watchdog has gone: nobody listens.
    }
  }, 1000).unref();
}
