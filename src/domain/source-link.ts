/**
 * The "Edit this post" (or "View source") link of a post page: the post's file in the repository the site is
 * built from (`repository` in src/site.config.ts). Without a repository, posts have no such link.
 */
import type { SourceRepository } from "#src/site.config.ts";

export interface SourceLink {
  href: string;
  label: "Edit this post" | "View source";
}

/** A path's segments URL-encoded, its slashes kept (a branch may be "release/2024"). */
const encodePath = (path: string) =>
  path
    .split("/")
    .filter(Boolean)
    .map((segment) => encodeURIComponent(segment))
    .join("/");

/**
 * The link to a post's file (`file` relative to the site's root, as `src/content/blog/my-post.md`) on its
 * forge: GitLab's `/-/edit/` and `/-/blob/` for a gitlab host, GitHub's `/edit/` and `/blob/` for any other.
 * Undefined when no repository is set or the post has no file.
 */
export function sourceLink(repository: SourceRepository | undefined, file: string | undefined): SourceLink | undefined {
  if (!repository || !file) return undefined;
  let url: URL;
  try {
    url = new URL(repository.url);
  } catch {
    url = new URL("invalid:");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(
      `repository.url (src/site.config.ts or SITE_REPOSITORY): expected the repository's web address, such as https://github.com/owner/repo, found ${JSON.stringify(repository.url)}`,
    );
  }
  const edit = (repository.link ?? "edit") === "edit";
  const gitlab = /(^|\.)gitlab\./.test(url.hostname);
  const action = `${gitlab ? "-/" : ""}${edit ? "edit" : "blob"}`;
  const path = encodePath([repository.directory ?? "", file.replaceAll("\\", "/").replace(/^\.\//, "")].join("/"));
  return {
    href: `${repository.url.replace(/\/+$/, "")}/${action}/${encodePath(repository.branch)}/${path}`,
    label: edit ? "Edit this post" : "View source",
  };
}
