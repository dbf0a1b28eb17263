/**
 * The list of Open Graph cards to draw. The og-images integration reads it after
 * the build, draws dist/og/<file>.png on every core, and deletes this file.
 */
import type { APIRoute } from "astro";
import { getBlogIndex } from "../../lib/collection.ts";
import { ogCardForPost, siteOgCard } from "../../lib/og/cards.ts";

export const GET: APIRoute = async () => {
  const blog = await getBlogIndex();
  const cards = [siteOgCard(), ...blog.posts.map((post) => ogCardForPost(post, post.readingTime))];
  return new Response(JSON.stringify(cards), { headers: { "Content-Type": "application/json" } });
};
