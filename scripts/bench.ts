/**
 * `npm run bench -- [--posts 1000] [--runs 1] [--json results.json] [--no-bare] [--no-incremental] [--cold-only]`
 *
 * Generates a synthetic blog of N posts (scripts/lib/corpus.ts) in a temporary copy
 * of the site (never in src/content), then runs the full production build three ways
 * (cold, warm, one post edited, the SEO helper edited) and prints, for each: wall time, posts per second,
 * peak RSS of the whole process tree, output size, and time per phase. Then the
 * page weight of the home page, the seed post and a tag page, and the ratio to a
 * bare Astro site rendering the same posts. With `--runs N`, every build is made N times
 * and each figure is the median run's (single runs on a shared 2-core VM vary by a third).
 * Figures only: nothing here passes or fails.
 */
import { spawn } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { parseHTML } from "linkedom";
import { type BuildReport, readBuildReport } from "#build/cache/build-report.ts";
import { generateCorpus } from "#scripts/lib/corpus.ts";
import { ASTRO_BIN, authorEnvironment, BUILD_SCRIPT, createTempSite, repoRoot } from "#scripts/lib/temp-site.ts";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";

const { values } = parseArgs({
  options: {
    posts: { type: "string", default: "1000" },
    runs: { type: "string", default: "1" },
    json: { type: "string" },
    "no-bare": { type: "boolean", default: false },
    "no-incremental": { type: "boolean", default: false },
    "cold-only": { type: "boolean", default: false },
  },
});
const postCount = Number(values.posts);
if (!Number.isInteger(postCount) || postCount < 1) throw new Error(`--posts takes a whole number, got ${values.posts}`);
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number, got ${values.runs}`);

interface BuildFigures {
  name: string;
  seconds: number;
  postsPerSecond: number;
  peakRssMiB: number;
  /** The phase during which the peak was reached. */
  peakPhase: string;
  outputMiB: number;
  phases: Record<string, number>;
  exitCode: number | null;
  /** What the build redid, by its own counters (build/cache/build-report.ts). */
  redone?: BuildReport | undefined;
}

/** Resident memory of a process and all its descendants, from /proc (Linux). */
function treeRssBytes(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const parent = Number(fields[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
      rss.set(Number(entry), Number(fields[21]) * 4096);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

function directoryBytes(directory: string): number {
  let total = 0;
  for (const entry of readdirSync(directory, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

// Log lines that start a phase, in the order a build prints them.
const PHASE_MARKERS: [RegExp, string][] = [
  [/Syncing content/, "content sync"],
  [/Synced content/, "types and setup"],
  [/Building static entrypoints/, "bundling (Vite)"],
  [/generating static routes/, "page rendering"],
  [/generating optimized images/, "image optimization"],
  [/\[@astrojs\/sitemap\]/, "Open Graph images"],
  [/\[og-images\]/, "finishing astro build"],
  [/\[search-index\] Indexing/, "search index"],
  [/\[search-index\] (Indexed|No post page)/, "finishing"],
];

/** Runs one build command (node arguments), sampling the memory of its whole process tree. */
function runBuild(
  name: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  distDir: string,
  args: string[],
): Promise<BuildFigures> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd, env });
    const marks: [string, number][] = [["startup", 0]];
    let peak = 0;
    let peakPhase = "startup";
    let output = "";
    const sample = setInterval(() => {
      const rss = child.pid ? treeRssBytes(child.pid) : 0;
      if (rss > peak) {
        peak = rss;
        peakPhase = marks.at(-1)?.[0] ?? "startup";
      }
    }, 100);
    const onData = (chunk: Buffer) => {
      const at = performance.now() - started;
      output += chunk;
      for (const line of chunk.toString().split("\n")) {
        for (const [pattern, phase] of PHASE_MARKERS) {
          if (pattern.test(line) && !marks.some(([name]) => name === phase)) marks.push([phase, at]);
        }
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("close", (exitCode) => {
      clearInterval(sample);
      const total = performance.now() - started;
      if (exitCode !== 0) console.error(output.slice(-3000));
      const phases: Record<string, number> = {};
      marks.forEach(([phase, at], index) => {
        const end = marks[index + 1]?.[1] ?? total;
        phases[phase] = (phases[phase] ?? 0) + (end - at) / 1000;
      });
      resolve({
        name,
        seconds: total / 1000,
        postsPerSecond: postCount / (total / 1000),
        peakRssMiB: peak / 2 ** 20,
        peakPhase,
        outputMiB: exitCode === 0 ? directoryBytes(distDir) / 2 ** 20 : 0,
        phases,
        exitCode,
      });
    });
  });
}

/** A bare Astro site: MDX, a content collection and one page per post. Nothing else. */
function createBareSite(posts: ReturnType<typeof generateCorpus>): string {
  const root = mkdtempSync(join(tmpdir(), "bench-bare-"));
  symlinkSync(join(repoRoot, "node_modules"), join(root, "node_modules"), "dir");
  mkdirSync(join(root, BLOG_CONTENT_DIR), { recursive: true });
  mkdirSync(join(root, "src/pages/blog"), { recursive: true });
  writeFileSync(join(root, "package.json"), '{ "name": "bare", "type": "module" }\n');
  writeFileSync(
    join(root, "astro.config.mjs"),
    'import mdx from "@astrojs/mdx";\nimport { defineConfig } from "astro/config";\nexport default defineConfig({ integrations: [mdx()] });\n',
  );
  writeFileSync(
    join(root, "src/content.config.ts"),
    'import { defineCollection } from "astro:content";\nimport { glob } from "astro/loaders";\nexport const collections = { blog: defineCollection({ loader: glob({ pattern: "**/*.{md,mdx}", base: "./src/content/blog" }) }) };\n',
  );
  writeFileSync(
    join(root, "src/pages/blog/[slug].astro"),
    '---\nimport { getCollection, render } from "astro:content";\nexport async function getStaticPaths() {\n  return (await getCollection("blog")).map((entry) => ({ params: { slug: entry.id }, props: { entry } }));\n}\nconst { Content } = await render(Astro.props.entry);\n---\n<html lang="en"><head><title>{Astro.props.entry.data.title}</title></head><body><Content /></body></html>\n',
  );
  for (const post of posts) writeFileSync(join(root, BLOG_CONTENT_DIR, post.fileName), post.source);
  return root;
}

interface Weight {
  raw: number;
  gzip: number;
}
const weigh = (text: string): Weight => ({ raw: Buffer.byteLength(text), gzip: gzipSync(text, { level: 9 }).length });

/** HTML, CSS, on-load JavaScript and font bytes of one built page. */
function pageWeight(distDir: string, path: string) {
  const html = readFileSync(join(distDir, path, "index.html"), "utf8");
  const { document } = parseHTML(html);
  const css = [...document.querySelectorAll("style")].map((style) => style.textContent ?? "");
  for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
    css.push(readFileSync(join(distDir, link.getAttribute("href") ?? ""), "utf8"));
  }
  const js = [...document.querySelectorAll("script")]
    .filter((script) => script.getAttribute("type") !== "application/ld+json")
    .map((script) => {
      const src = script.getAttribute("src");
      return src ? readFileSync(join(distDir, src), "utf8") : (script.textContent ?? "");
    });
  const fonts = [...css.join("").matchAll(/url\(([^)]+\.woff2?)\)/g)].map((match) =>
    readFileSync(join(distDir, (match[1] ?? "").replace(/["']/g, ""))),
  );
  const bare = html.replace(/<style[\s\S]*?<\/style>|<script(?![^>]*ld\+json)[\s\S]*?<\/script>/g, "");
  return {
    html: weigh(bare),
    css: weigh(css.join("\n")),
    js: weigh(js.join("\n")),
    fonts: {
      raw: fonts.reduce((sum, font) => sum + font.length, 0),
      gzip: fonts.reduce((sum, font) => sum + font.length, 0),
    },
    htmlPlusCssGzip: gzipSync(bare + css.join("\n"), { level: 9 }).length,
  };
}

const fmt = (value: number, digits = 1) => value.toFixed(digits);
const kib = (bytes: number) => `${fmt(bytes / 1024, 1)} KiB`;

console.log(
  `Benchmark: ${postCount} generated posts on ${cpus().length} cores, ${fmt(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}${values["no-incremental"] ? ", experimental.incrementalBuild off" : ""}`,
);
const corpus = generateCorpus(postCount);
const site = createTempSite("bench-site-");
for (const post of corpus) site.addPost(post.fileName, post.source);
const cacheDir = join(site.root, ".astro-cache");
const env = {
  ...authorEnvironment(),
  ASTRO_TELEMETRY_DISABLED: "1",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
  ASTRO_CACHE_DIR: cacheDir,
  ...(values["no-incremental"] ? { ASTRO_INCREMENTAL_BUILD: "0" } : {}),
};

/** Every run of each build, by name, in the order they were first made. */
const samples = new Map<string, BuildFigures[]>();
const record = (figures: BuildFigures) =>
  samples.set(figures.name, [
    ...(samples.get(figures.name) ?? []),
    { ...figures, redone: figures.name.startsWith("bare") ? undefined : readBuildReport(cacheDir) },
  ]);
/** The run of median wall time (the lower middle one for an even count), and the range of all runs. */
function median(name: string): (BuildFigures & { range: [number, number] }) | undefined {
  const sorted = [...(samples.get(name) ?? [])].sort((a, b) => a.seconds - b.seconds);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  return middle && { ...middle, range: [sorted[0]?.seconds ?? 0, sorted.at(-1)?.seconds ?? 0] };
}

let weights: Record<string, ReturnType<typeof pageWeight>> = {};
try {
  for (let run = 0; run < runs; run++) {
    // Cold: no caches and no output from an earlier run.
    rmSync(cacheDir, { recursive: true, force: true });
    rmSync(site.dist, { recursive: true, force: true });
    record(await runBuild("cold", site.root, env, site.dist, [BUILD_SCRIPT]));
    weights = {
      home: pageWeight(site.dist, ""),
      "seed post": pageWeight(site.dist, "blog/building-real-time-data-pipelines"),
      "tag page": pageWeight(site.dist, "tags/apache-kafka"),
    };
    if (!values["cold-only"]) {
      record(await runBuild("warm", site.root, env, site.dist, [BUILD_SCRIPT]));
      const edited = corpus[Math.floor(corpus.length / 2)] as (typeof corpus)[number];
      site.addPost(
        edited.fileName,
        `${edited.source}\nAn edit: one more paragraph (run ${run + 1}), so this post changed.\n`,
      );
      record(await runBuild("one post edited", site.root, env, site.dist, [BUILD_SCRIPT]));
      // Code that shapes no post body: no post may be rendered or compiled again.
      const seo = join(site.root, "src/domain/seo.ts");
      writeFileSync(seo, `${readFileSync(seo, "utf8")}\n// Edited by the benchmark (run ${run + 1}).\n`);
      record(await runBuild("SEO helper edited", site.root, env, site.dist, [BUILD_SCRIPT]));
    }
  }

  if (!values["no-bare"]) {
    const bareRoot = createBareSite(corpus);
    try {
      for (let run = 0; run < runs; run++) {
        rmSync(join(bareRoot, ".cache"), { recursive: true, force: true });
        rmSync(join(bareRoot, "dist"), { recursive: true, force: true });
        record(
          await runBuild(
            "bare Astro (cold)",
            bareRoot,
            { ...env, ASTRO_CACHE_DIR: join(bareRoot, ".cache") },
            join(bareRoot, "dist"),
            [ASTRO_BIN, "build"],
          ),
        );
      }
    } finally {
      rmSync(bareRoot, { recursive: true, force: true });
    }
  }
  const bare = median("bare Astro (cold)");
  const builds = [...samples.keys()]
    .filter((name) => name !== bare?.name)
    .map((name) => median(name) as NonNullable<typeof bare>);

  console.log(
    `\nBuilds (the full \`npm run build\`: pages, feeds, sitemap, Open Graph images, search index)${runs > 1 ? `; the median of ${runs} runs, with the range` : ""}`,
  );
  console.log(
    `${"build".padEnd(20)}${"seconds".padStart(9)}${"posts/s".padStart(9)}${"peak RSS".padStart(11)}${"output".padStart(11)}`,
  );
  for (const build of [...builds, ...(bare ? [bare] : [])]) {
    const range = runs > 1 ? `  (${fmt(build.range[0])}–${fmt(build.range[1])} s)` : "";
    console.log(
      `${build.name.padEnd(20)}${fmt(build.seconds).padStart(9)}${fmt(build.postsPerSecond, 0).padStart(9)}${`${fmt(build.peakRssMiB, 0)} MiB`.padStart(11)}${`${fmt(build.outputMiB)} MiB`.padStart(11)}${range}  (peak during ${build.peakPhase})${build.exitCode === 0 ? "" : `  FAILED (exit ${build.exitCode})`}`,
    );
  }
  console.log("\nPhases (seconds; phases over 5% of the build are the ones to look at)");
  for (const build of [...builds, ...(bare ? [bare] : [])]) {
    const parts = Object.entries(build.phases)
      .filter(([, seconds]) => seconds >= 0.05)
      .map(([phase, seconds]) => `${phase} ${fmt(seconds)}${seconds / build.seconds > 0.05 ? "*" : ""}`);
    console.log(`${build.name.padEnd(20)}${parts.join(" · ")}`);
  }
  console.log("\nRedone, by the build's counters (posts read at sync · rendered to HTML · MDX compiled · cards drawn)");
  for (const build of builds) {
    const r = build.redone ?? {};
    console.log(
      `${build.name.padEnd(20)}${[r.postsReadAtSync, r.postsRenderedAtSync, r.mdxCompiled, r.ogImagesDrawn].map((n) => String(n ?? "?").padStart(7)).join("")}`,
    );
  }
  const cold = builds[0] as BuildFigures;
  if (bare) console.log(`\nCold build against bare Astro on the same posts: ${fmt(cold.seconds / bare.seconds, 2)}×`);
  const edit = builds[2];
  if (edit) console.log(`Rebuild with one post edited against cold: ${fmt(edit.seconds / cold.seconds, 2)}×`);
  const seoEdit = builds[3];
  if (seoEdit)
    console.log(`Rebuild with the SEO helper edited against cold: ${fmt(seoEdit.seconds / cold.seconds, 2)}×`);

  console.log("\nPage weight (raw / gzip)");
  for (const [page, weight] of Object.entries(weights)) {
    console.log(
      `${page.padEnd(12)} HTML ${kib(weight.html.raw)} / ${kib(weight.html.gzip)} · CSS ${kib(weight.css.raw)} / ${kib(weight.css.gzip)} · JS on load ${kib(weight.js.raw)} / ${kib(weight.js.gzip)} · fonts ${kib(weight.fonts.raw)} · HTML+CSS gzip ${kib(weight.htmlPlusCssGzip)}`,
    );
  }

  if (values.json) {
    const result = {
      posts: postCount,
      machine: { cores: cpus().length, memoryGiB: totalmem() / 2 ** 30, node: process.version },
      runs,
      builds,
      bare,
      ratioToBare: bare ? cold.seconds / bare.seconds : undefined,
      allRuns: Object.fromEntries(samples),
      pageWeight: weights,
    };
    writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nWrote ${values.json}`);
  }
} finally {
  site.remove();
}
