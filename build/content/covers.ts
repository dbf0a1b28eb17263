/**
 * Covers, as the content collection reads them: a file in public/ (its size read with sharp, and a WebP
 * sibling found) or a path beside the post, both kept inside the content boundary.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import sharp from "sharp";
import { createBoundary } from "#build/integrations/content-boundary.ts";
import { decodePublicPath, outsideBoundaryReason, resolveInside } from "#src/domain/content-boundary.ts";

export function coverChecks(contentDir: string) {
  // Every file a post uses is inside the content folder, src/assets/ or public/, through every link.
  const boundary = createBoundary(process.cwd(), contentDir);

  async function readPublicImage(publicPath: string) {
    // The schema has refused a path that climbs out of public/ or links out of the boundary already.
    const file = resolveInside("public", decodePublicPath(publicPath));
    if (file === undefined || !existsSync(file)) return undefined;
    const { width, height, format } = await sharp(file).metadata();
    const webpPath = publicPath.replace(/\.(png|jpe?g)$/i, ".webp");
    const webpFile = resolveInside("public", decodePublicPath(webpPath));
    const webpSrc =
      webpPath !== publicPath && webpFile !== undefined && boundary.contains(webpFile) && existsSync(webpFile)
        ? webpPath
        : undefined;
    return {
      src: publicPath,
      width: width ?? 0,
      height: height ?? 0,
      format: format ?? "png",
      isPublicFile: true,
      webpSrc,
    };
  }

  /**
   * A cover must stay inside the boundary: Astro's image() would copy whatever a relative path points at
   * into dist/_astro/, and a public path is read through join("public", …). The schema refuses both too;
   * here, where the post's path is known (as in assertRelativeCoverExists), the error names the file.
   */
  function refuseOutside(filePath: string, coverImage: unknown): void {
    if (typeof coverImage !== "string") return;
    const written = coverImage.trim();
    if (!written || /^[a-z]+:\/\//i.test(written)) return;
    let refused: string | undefined;
    if (written.startsWith("/")) {
      const file = resolveInside("public", decodePublicPath(written));
      refused =
        file === undefined
          ? outsideBoundaryReason({ written, folders: ["public"] })
          : boundary.refuseFile(file, written);
    } else {
      refused = boundary.refuseFile(join(dirname(filePath), written), written);
    }
    if (refused)
      throw new Error(`${filePath}: coverImage: ${refused}. A post may only use files inside these folders.`);
  }

  return { readPublicImage, refuseOutside, refusePublicFile: boundary.refuseFile };
}
