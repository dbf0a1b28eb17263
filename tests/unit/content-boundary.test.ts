import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createBoundary, refuseLinkedPosts, refusePostFile } from "#build/integrations/content-boundary.ts";
import {
  boundaryFolders,
  decodePublicPath,
  describeFolders,
  isInside,
  isInsideAny,
  lineOf,
  normalizePath,
  outsideBoundaryMessage,
  outsideBoundaryReason,
  resolveInside,
} from "#src/domain/content-boundary.ts";
import { coverFileOf, readPostSource } from "#src/domain/post-source.ts";
import { createPostSchema } from "#src/schemas/post.ts";

describe("the content boundary's path arithmetic", () => {
  it("normalises . and .. and repeated slashes", () => {
    expect(normalizePath("src/content/blog/./images//x.png")).toBe("src/content/blog/images/x.png");
    expect(normalizePath("src/content/blog/../../assets/x.svg")).toBe("src/assets/x.svg");
    expect(normalizePath("src/content/blog/../../../../outside.png")).toBe("../outside.png");
    expect(normalizePath("/a/../../../etc/hosts")).toBe("/etc/hosts");
    expect(normalizePath("a/..")).toBe(".");
    expect(normalizePath("a\\..\\..\\b")).toBe("../b");
  });

  it("resolves a path inside its folder, or refuses it when its .. climb out on the way", () => {
    expect(resolveInside("public", "/blog/cover.png")).toBe("public/blog/cover.png");
    expect(resolveInside("public", "blog/../cover.png")).toBe("public/cover.png");
    expect(resolveInside("public", "/../../outside.png")).toBeUndefined();
    expect(resolveInside("public", "/../../../../../../etc/hosts")).toBeUndefined();
    // Out and back in still leaves the folder on the way: refused.
    expect(resolveInside("public", "/../public/cover.png")).toBeUndefined();
    expect(resolveInside("public", "/blog/..\\..\\x.png")).toBeUndefined();
    expect(resolveInside("src/content/blog/", "images/x.png")).toBe("src/content/blog/images/x.png");
    // Percent-encoded dots are decoded before the check.
    expect(resolveInside("public", decodePublicPath("/%2E%2E/%2E%2E/etc/hosts"))).toBeUndefined();
    expect(decodePublicPath("/blog/a%20b.png")).toBe("/blog/a b.png");
    expect(decodePublicPath("/blog/%E0%A4%A.png")).toBe("/blog/%E0%A4%A.png");
  });

  it("says whether a path is inside a folder, absolute or relative", () => {
    expect(isInside("src/content/blog/x.md", "src/content/blog")).toBe(true);
    expect(isInside("src/content/blog", "src/content/blog/")).toBe(true);
    expect(isInside("src/content/blogger/x.md", "src/content/blog")).toBe(false);
    expect(isInside("src/content/blog/../x.md", "src/content/blog")).toBe(false);
    expect(isInside("/tmp/site/public/a.png", "/tmp/site/public")).toBe(true);
    expect(isInside("/tmp/sitex/a.png", "/tmp/site")).toBe(false);
    expect(isInside("/etc/hosts", "public")).toBe(false);
    expect(isInside("../x", ".")).toBe(false);
    expect(isInsideAny("src/assets/d.svg", boundaryFolders("src/content/blog"))).toBe(true);
    expect(isInsideAny("package.json", boundaryFolders("./src/content/blog/"))).toBe(false);
  });

  it("words a refusal with the post, the line, the field and the path as written", () => {
    expect(describeFolders(boundaryFolders("src/content/blog"))).toBe("src/content/blog/, src/assets/ or public/");
    expect(outsideBoundaryReason({ written: "/../x.png", folders: ["public"] })).toBe(
      'expected a file inside public/, found the path "/../x.png", which leads outside it',
    );
    const message = outsideBoundaryMessage({
      file: "src/content/blog/a.md",
      line: 7,
      what: "image",
      written: "../../../../x.png",
      folders: boundaryFolders("src/content/blog"),
      link: true,
    });
    expect(message).toContain("src/content/blog/a.md:7: image: expected a file inside src/content/blog/, src/assets/");
    expect(message).toContain('found the path "../../../../x.png", which is a link to a file outside them');
    expect(outsideBoundaryReason({ written: "x".repeat(500), folders: ["public"] }).length).toBeLessThan(300);
    expect(lineOf("---\ntitle: a\n---\n\n![x](../a.png)\n", "../a.png")).toBe(5);
    expect(lineOf("no such text", "../a.png")).toBeUndefined();
  });
});

describe("the schema's cover", () => {
  const schema = (refusePublicFile?: (file: string, written: string) => string | undefined) =>
    createPostSchema({
      image: () => z.string().transform((src) => ({ src, width: 1, height: 1, format: "png" })),
      readPublicImage: async (path) => ({ src: path, width: 1, height: 1, format: "png", isPublicFile: true }),
      refusePublicFile,
      defaultAuthor: "A",
    });
  const post = (coverImage: string) => ({ title: "T", excerpt: "E", date: "2024-01-01", category: "C", coverImage });
  const problems = async (input: unknown, refuse?: (file: string, written: string) => string | undefined) => {
    const result = await schema(refuse).safeParseAsync(input);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  };

  it("refuses a public path that climbs out of public/ before reading any file", async () => {
    const asked: string[] = [];
    expect(await problems(post("/../../../../../../etc/hosts"), (file) => void asked.push(file))).toEqual([
      'coverImage: expected a file inside public/, found the path "/../../../../../../etc/hosts", which leads outside it',
    ]);
    expect(asked).toEqual([]);
  });

  it("asks about links on a public cover's path, and passes one inside", async () => {
    const refuse = (file: string, written: string) =>
      file === "public/blog/linked.png" ? `expected better, found ${JSON.stringify(written)}` : undefined;
    expect(await problems(post("/blog/linked.png"), refuse)).toEqual([
      'coverImage: expected better, found "/blog/linked.png"',
    ]);
    expect(await problems(post("/blog/cover.png"), refuse)).toEqual([]);
  });
});

describe("the raw reader's covers", () => {
  const env = (refused: string[] = []) => ({
    fileExists: () => true,
    defaultAuthor: "A",
    refuseFile: (path: string, written: string) =>
      refused.includes(normalizePath(path)) ? `refused ${JSON.stringify(written)}` : undefined,
  });
  const source = (cover: string) =>
    `---\ntitle: T\nexcerpt: E\ndate: "2024-01-01"\ncategory: C\ncoverImage: "${cover}"\n---\nBody\n`;

  it("refuses a relative cover the environment refuses, naming the path as written", async () => {
    const post = await readPostSource("src/content/blog/a.md", source("../../../x.png"), env(["x.png"]));
    expect(post.data).toBeUndefined();
    expect(post.issues).toEqual([{ path: ["coverImage"], message: 'refused "../../../x.png"' }]);
  });

  it("refuses a public cover that climbs out of public/, and never hands the card drawer such a path", async () => {
    const post = await readPostSource("src/content/blog/a.md", source("/../../outside.png"), env());
    expect(post.data).toBeUndefined();
    expect(post.issues[0]?.message).toContain("leads outside it");
    const escaping = { src: "/../../etc/hosts", width: 0, height: 0, format: "png", isPublicFile: true };
    const data = { coverImage: escaping } as never;
    expect(coverFileOf({ file: "src/content/blog/a.md", data })).toBeUndefined();
    const relative = { coverImage: { src: "../../../../etc/hosts", width: 0, height: 0, format: "png" } } as never;
    expect(coverFileOf({ file: "src/content/blog/a.md", data: relative })).toBeUndefined();
    const fine = { coverImage: { src: "./images/a.png", width: 0, height: 0, format: "png" } } as never;
    expect(coverFileOf({ file: "src/content/blog/a.md", data: fine })).toBe("src/content/blog/images/a.png");
  });
});

describe("the boundary on disk (links)", () => {
  const scratch = mkdtempSync(join(tmpdir(), "content-boundary-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const root = join(scratch, "site");
  const outside = join(scratch, "outside");
  for (const folder of ["src/content/blog/images", "src/assets", "public/blog", "outside"]) {
    mkdirSync(join(folder === "outside" ? scratch : root, folder), { recursive: true });
  }
  writeFileSync(join(outside, "secret.png"), "not shown");
  writeFileSync(join(outside, "post.md"), "---\ntitle: not shown\n---\n");
  writeFileSync(join(root, "src/assets/d.png"), "");
  symlinkSync(join(outside, "secret.png"), join(root, "public/blog/linked.png"));
  symlinkSync(join(root, "src/assets/d.png"), join(root, "src/content/blog/images/asset.png"));
  const boundary = createBoundary(root, "src/content/blog");

  it("lets a file in, or a link to one inside the folders", () => {
    expect(boundary.refuseFile("src/content/blog/images/a.png", "./images/a.png")).toBeUndefined();
    expect(boundary.refuseFile("src/content/blog/images/asset.png", "./images/asset.png")).toBeUndefined();
    expect(boundary.refuseFile("src/content/blog/../../assets/d.png", "../../assets/d.png")).toBeUndefined();
  });

  it("refuses a path out of the folders, and a link out of them", () => {
    expect(boundary.refuseFile("src/content/blog/../../package.json", "../../../package.json")).toBe(
      'expected a file inside src/content/blog/, src/assets/ or public/, found the path "../../../package.json", which leads outside them',
    );
    expect(boundary.refuseFile(join(outside, "secret.png"), "../../../../outside/secret.png")).toContain(
      "leads outside them",
    );
    expect(boundary.refuseFile("public/blog/linked.png", "/blog/linked.png")).toContain(
      '"/blog/linked.png", which is a link to a file outside them',
    );
  });

  it("refuses a post file, or a folder of them, that links out of the content folder", () => {
    symlinkSync(join(outside, "post.md"), join(root, "src/content/blog/linked.md"));
    try {
      expect(() => refusePostFile("src/content/blog/linked.md", root)).toThrow(
        /^src\/content\/blog\/linked\.md: post file: expected a file inside src\/content\/blog\/, found a link to ".*outside\/post\.md", outside it/,
      );
      expect(() => refuseLinkedPosts("src/content/blog", root)).toThrow(/src\/content\/blog\/linked\.md: post file/);
    } finally {
      rmSync(join(root, "src/content/blog/linked.md"));
    }
    symlinkSync(outside, join(root, "src/content/blog/more"));
    try {
      expect(() => refuseLinkedPosts("src/content/blog", root)).toThrow(/src\/content\/blog\/more: folder: /);
    } finally {
      rmSync(join(root, "src/content/blog/more"));
    }
    expect(() => refuseLinkedPosts("src/content/blog", root)).not.toThrow();
    expect(() => refusePostFile("src/content/blog/a.md", root)).not.toThrow();
  });

  it("never puts a file's contents in a message", () => {
    symlinkSync(join(outside, "post.md"), join(root, "src/content/blog/leak.md"));
    try {
      let message = "";
      try {
        refuseLinkedPosts("src/content/blog", root);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain("leak.md: post file");
      expect(message).not.toContain("not shown");
    } finally {
      rmSync(join(root, "src/content/blog/leak.md"));
    }
  });
});
