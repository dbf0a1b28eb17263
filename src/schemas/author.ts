import { z } from "zod";
import {
  boundaryFolders,
  decodePublicPath,
  isInsideAny,
  normalizePath,
  outsideBoundaryReason,
  resolveInside,
} from "#src/domain/content-boundary.ts";
import {
  type CoverImageMetadata,
  describeValue,
  expected,
  POST_SLUG_PATTERN,
  rejectUnknownFields,
  requiredText,
} from "#src/schemas/post.ts";

/** An author id: the name of the author's file without `.yaml`, shaped like a post slug (`ada-lovelace`). */
export const AUTHOR_ID_PATTERN = POST_SLUG_PATTERN;

/** Fields of an author file, for "did you mean" hints on unknown fields. */
export const AUTHOR_FIELDS = ["name", "bio", "avatar", "url", "links"] as const;
const LINK_FIELDS = ["label", "url"] as const;

/** Schemes an author's links may use: the site's one link policy (src/markdown/safe-html.ts) for text a reader clicks. */
const LINK_SCHEMES = new Set(["http:", "https:", "mailto:"]);

export interface AuthorSchemaContext {
  /** Astro's `image()` helper: resolves a path relative to the author file through astro:assets. */
  image: () => z.ZodType;
  /** The folder of the author files (src/content/authors), relative to the project root. */
  authorsDir: string;
  /** Whether a file exists, given a path relative to the project root. */
  fileExists: (path: string) => boolean;
  /**
   * Why a file may not be used (a link on its path leads outside the folders an author file may use),
   * given its path relative to the root and the path as written; undefined when it may. Without it
   * (tests), links are not looked at; a path that climbs out of the folders is refused either way.
   */
  refuseFile?: ((path: string, written: string) => string | undefined) | undefined;
}

const webUrl = (what: string) =>
  requiredText(what).superRefine((text, ctx) => {
    let scheme: string | undefined;
    try {
      scheme = new URL(text).protocol;
    } catch {}
    if (scheme === undefined || !LINK_SCHEMES.has(scheme)) {
      ctx.addIssue({
        code: "custom",
        message: `expected ${what} (https://…, http://… or mailto:…), found ${describeValue(text)}`,
      });
    }
  });

const linkObject = z
  .object(
    {
      label: requiredText("a link label such as Mastodon").describe("What the link is, as shown: Mastodon, GitHub."),
      url: webUrl("a link URL").describe("Where the link leads."),
    },
    { error: expected("a link as { label, url }") },
  )
  .catchall(rejectUnknownFields(LINK_FIELDS))
  .meta({ additionalProperties: false });

/** Links elsewhere: a list of { label, url }, or a map of label to URL; read as a list either way. */
const linksField = z
  .union([z.array(linkObject, { error: expected("a list of links") }), z.record(z.string(), webUrl("a link URL"))], {
    error: expected("a list of { label, url } or a map of label: url"),
  })
  .transform((links) =>
    Array.isArray(links) ? links : Object.entries(links).map(([label, url]) => ({ label: label.trim(), url })),
  );

/**
 * The avatar: a public path (/authors/ada.png, a file in public/) or a path relative to the author file
 * (./ada.png, optimised by astro:assets). Either stays inside the folders an author file may use: the
 * authors folder, src/assets/ and public/ (src/domain/content-boundary.ts), through every link.
 */
function avatarField({ image, authorsDir, fileExists, refuseFile }: AuthorSchemaContext) {
  const folders = boundaryFolders(authorsDir);
  return z
    .string({ error: expected("a public path such as /authors/ada.png or a path relative to the author file") })
    .trim()
    .min(1, { error: "expected an image path, found empty text" })
    .transform(async (value, ctx): Promise<CoverImageMetadata> => {
      const refuse = (message: string) => {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      };
      if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
        return refuse(
          `expected a local image (a public path such as /authors/ada.png or a path relative to the author file), found the URL ${JSON.stringify(value)}`,
        );
      }
      if (value.startsWith("/")) {
        const file = resolveInside("public", decodePublicPath(value));
        if (file === undefined) return refuse(outsideBoundaryReason({ written: value, folders: ["public"] }));
        const refused = refuseFile?.(file, value);
        if (refused) return refuse(refused);
        if (!fileExists(file)) return refuse(`expected an image file at ${file}, found no such file`);
        return { src: value, width: 0, height: 0, format: file.split(".").pop() ?? "png", isPublicFile: true };
      }
      const file = normalizePath(`${authorsDir}/${value}`);
      if (!isInsideAny(file, folders)) return refuse(outsideBoundaryReason({ written: value, folders }));
      const refused = refuseFile?.(file, value);
      if (refused) return refuse(refused);
      const resolved = await image().safeParseAsync(value);
      if (!resolved.success) {
        for (const issue of resolved.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
        return z.NEVER;
      }
      return resolved.data as CoverImageMetadata;
    });
}

/** An author file (src/content/authors/<id>.yaml). A factory, as the post schema is: the avatar needs Astro's image(). */
export function createAuthorSchema(context: AuthorSchemaContext) {
  return z
    .object(
      {
        name: requiredText("the author's name").describe("The author's name, as bylines show it: Ada Lovelace."),
        bio: requiredText("a short biography").describe("A sentence or two about the author, on their page."),
        avatar: avatarField(context)
          .optional()
          .describe(
            "A picture of the author: a path relative to this file (./ada.png) or a public path (/authors/ada.png). Shown small, with the name as its alt text.",
          ),
        url: webUrl("the author's own web page")
          .optional()
          .describe("The author's own site; linked from their page and named in JSON-LD."),
        links: linksField
          .default([])
          .describe("Links elsewhere: a list of { label, url } or a map such as { Mastodon: https://… }."),
      },
      { error: expected("an author as name, bio and optional avatar, url and links") },
    )
    .catchall(rejectUnknownFields(AUTHOR_FIELDS))
    .meta({ additionalProperties: false });
}

export type AuthorSchema = ReturnType<typeof createAuthorSchema>;
/** An author file as written. */
export type AuthorInput = z.input<AuthorSchema>;
/** An author file after validation. */
export type AuthorData = z.output<AuthorSchema>;
