import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import {
  feedBodies,
  feedProblems,
  isScriptUrl,
  jsonProblems,
  pageProblems,
  svgProblems,
  xmlWellFormednessProblems,
} from "#scripts/lib/output-safety.ts";

const page = (body: string) => parseHTML(`<!doctype html><html><head></head><body>${body}</body></html>`).document;
const rss = (items: string) =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title><link>https://example.com/</link><description>A blog.</description>${items}</channel></rss>`;
const atom = (entries: string) =>
  `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>https://example.com/</id><title>T</title>${entries}</feed>`;

describe("script URLs", () => {
  it("are javascript:, vbscript: and script-capable data:, however a browser would still read them", () => {
    for (const url of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      " \u0001javascript:alert(1)",
      "java\tscr\nipt:alert(1)",
      "vbscript:msgbox(1)",
      "data:text/html,<script>alert(1)</script>",
      "data:text/html;base64,PHNjcmlwdD4=",
      "data:image/svg+xml,<svg onload=alert(1)>",
      "data:application/xhtml+xml,x",
      "data:,<script>",
    ]) {
      expect(isScriptUrl(url), url).toBe(true);
    }
    for (const url of [
      "https://example.com/javascript:",
      "/blog/javascript/",
      "#javascript:",
      "mailto:a@example.com",
      "data:image/png;base64,iVBORw0KGgo=",
      "",
    ]) {
      expect(isScriptUrl(url), url).toBe(false);
    }
  });
});

describe("an SVG file", () => {
  it("passes when it only draws", () => {
    expect(
      svgProblems(
        "icon.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 8 8"><defs><circle id="c" r="2"/></defs><use xlink:href="#c"/><a href="https://example.com/"><rect width="8" height="8"/></a><image href="data:image/png;base64,iVBORw0KGgo="/><animate attributeName="opacity" to="0"/></svg>',
      ),
    ).toEqual([]);
  });

  it("is reported for each script, handler, script link, foreignObject, link animation and DTD subset", () => {
    const problems = svgProblems(
      "_astro/cover.svg",
      `<!DOCTYPE svg [<!ENTITY e "javascript:alert(1)">]>
      <svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink" onload="alert(1)">
        <script>alert(2)</script>
        <a x:href=" javascript:alert(3)"><text>t</text></a>
        <a href="data:text/html,&lt;script&gt;alert(4)&lt;/script&gt;"><text>t</text></a>
        <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
        <set attributeName="href" to="javascript:alert(5)"/>
        <rect ONCLICK="alert(6)"/>
      </svg>`,
    );
    expect(problems).toEqual([
      "_astro/cover.svg: an internal DTD subset (<!DOCTYPE … [ … ]>)",
      '_astro/cover.svg: event handler <svg onload="alert(1)">',
      "_astro/cover.svg: <script> element",
      '_astro/cover.svg: script URL <a x:href=" javascript:alert(3)">',
      '_astro/cover.svg: script URL <a href="data:text/html,<script>alert(4)</script>">',
      "_astro/cover.svg: <foreignObject> element",
      '_astro/cover.svg: animation of a link or handler <set attributeName="href">',
      '_astro/cover.svg: event handler <rect ONCLICK="alert(6)">',
    ]);
  });

  it("is reported when it is no SVG at all", () => {
    expect(svgProblems("x.svg", "<html><body/></html>")).toEqual(["x.svg: not an SVG document (its root is <html>)"]);
  });
});

describe("an HTML page", () => {
  it("passes with ordinary links, images and scripts", () => {
    expect(
      pageProblems(
        "index.html",
        page(
          '<a href="/blog/">b</a><a href="mailto:a@example.com">m</a><img src="/x.png" srcset="/x.png 1x, /y.png 2x" alt=""><script src="/_astro/a.js"></script><p data-on="x">text javascript:alert(1)</p>',
        ),
      ),
    ).toEqual([]);
  });

  it("is reported for each handler, script URL and refresh to one, naming the page and the element", () => {
    expect(
      pageProblems(
        "blog/x/index.html",
        page(
          '<a href="javascript:alert(1)">a</a><img src="/x.png" onerror="alert(2)" alt=""><form action="vbscript:x"></form><img srcset="/a.png 1x, data:text/html,x 2x" alt=""><iframe src="data:text/html;base64,PHNjcmlwdD4="></iframe><meta http-equiv="refresh" content="0; url=javascript:alert(3)"><svg><a xlink:href="javascript:alert(4)"></a></svg>',
        ),
      ),
    ).toEqual([
      'blog/x/index.html: script URL <a href="javascript:alert(1)">',
      'blog/x/index.html: event handler <img onerror="alert(2)">',
      'blog/x/index.html: script URL <form action="vbscript:x">',
      'blog/x/index.html: script URL <img srcset="/a.png 1x, data:text/html,x 2x">',
      'blog/x/index.html: script URL <iframe src="data:text/html;base64,PHNjcmlwdD4=">',
      'blog/x/index.html: refresh to a script URL <meta content="0; url=javascript:alert(3)">',
      'blog/x/index.html: script URL <a xlink:href="javascript:alert(4)">',
    ]);
  });
});

describe("a feed's HTML bodies", () => {
  it("are RSS description and content:encoded, Atom html and xhtml text, JSON Feed content_html, named by item", () => {
    const item = `<item><title>A &lt;b&gt;</title><link>https://example.com/blog/a/</link><description>An &lt;em&gt;excerpt&lt;/em&gt;</description><content:encoded><![CDATA[<p>Body</p>]]></content:encoded></item>`;
    expect(feedBodies("rss.xml", rss(item))).toEqual([
      { where: "rss.xml", html: "A blog." },
      { where: "rss.xml (https://example.com/blog/a/)", html: "An <em>excerpt</em>" },
      { where: "rss.xml (https://example.com/blog/a/)", html: "<p>Body</p>" },
    ]);
    const entry = `<entry><id>urn:a</id><link rel="alternate" href="https://example.com/blog/a/"/><title type="html">A &amp;lt;b&amp;gt;</title><summary>Plain &lt;text&gt;</summary><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Body</p></div></content></entry>`;
    const bodies = feedBodies("atom.xml", atom(entry));
    expect(bodies?.map(({ where }) => where)).toEqual([
      "atom.xml (https://example.com/blog/a/)",
      "atom.xml (https://example.com/blog/a/)",
    ]);
    expect(bodies?.[0]?.html).toBe("A &lt;b&gt;");
    expect(bodies?.[1]?.html).toContain("<p>Body</p>");
    expect(
      feedBodies(
        "feed.json",
        JSON.stringify({
          version: "https://jsonfeed.org/version/1.1",
          items: [{ url: "https://example.com/blog/a/", content_html: "<p>Body</p>", summary: "<script>" }],
        }),
      ),
    ).toEqual([{ where: "feed.json (https://example.com/blog/a/)", html: "<p>Body</p>" }]);
  });

  it("are none in a file that is no feed", () => {
    expect(feedBodies("sitemap-0.xml", '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>')).toBe(
      undefined,
    );
    expect(feedBodies("pagefind-entry.json", '{"version":"1.0","items":[{"content_html":"<script>"}]}')).toBe(
      undefined,
    );
    expect(feedBodies("feed.json", "{not json")).toBe(undefined);
  });

  it("pass with ordinary content, a task list's checkbox and markup shown as text", () => {
    const body =
      '<p><a href="https://example.com/">x</a> <code>&lt;script&gt;alert(1)&lt;/script&gt;</code> javascript:alert(1)</p><ul><li><input type="checkbox" disabled> done</li></ul><svg viewBox="0 0 1 1"><path d="M0 0"/></svg>';
    expect(
      feedProblems(
        "feed.json",
        JSON.stringify({ version: "https://jsonfeed.org/version/1.1", items: [{ url: "u", content_html: body }] }),
      ),
    ).toEqual([]);
    expect(
      feedProblems("rss.xml", rss(`<item><link>u</link><content:encoded><![CDATA[${body}]]></content:encoded></item>`)),
    ).toEqual([]);
  });

  it("are reported for each handler, script URL and element no feed body may hold", () => {
    const body =
      '<p onclick="alert(1)">x</p><a href="vbscript:msgbox(1)">v</a><script>alert(2)</script><iframe src="https://example.com/"></iframe><input type="text"><svg><foreignObject></foreignObject></svg>';
    const expected = (where: string) => [
      `${where}: event handler <p onclick="alert(1)"> in a feed body`,
      `${where}: script URL <a href="vbscript:msgbox(1)"> in a feed body`,
      `${where}: <script> in a feed body`,
      `${where}: <iframe> in a feed body`,
      `${where}: <input> in a feed body`,
      `${where}: <foreignobject> in a feed body`,
    ];
    const escaped = body.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    expect(
      feedProblems(
        "atom.xml",
        atom(
          `<entry><id>urn:a</id><link href="https://example.com/blog/a/"/><content type="html">${escaped}</content></entry>`,
        ),
      ),
    ).toEqual(expected("atom.xml (https://example.com/blog/a/)"));
    expect(
      feedProblems(
        "tags/x/rss.xml",
        rss(`<item><link>https://example.com/blog/a/</link><description>${escaped}</description></item>`),
      ),
    ).toEqual(expected("tags/x/rss.xml (https://example.com/blog/a/)"));
    expect(
      feedProblems(
        "feed.json",
        JSON.stringify({
          version: "https://jsonfeed.org/version/1",
          items: [{ id: "https://example.com/blog/a/", content_html: body }],
        }),
      ),
    ).toEqual(expected("feed.json (https://example.com/blog/a/)"));
  });
});

describe("strictness", () => {
  it("reports XML that is not well-formed, with its line, and passes XML that is", async () => {
    expect(await xmlWellFormednessProblems("rss.xml", rss("<item><title>ok</title></item>"))).toEqual([]);
    const problems = await xmlWellFormednessProblems("rss.xml", `${rss("")}`.replace("A blog.", "A\n\u000b blog."));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^rss\.xml:2: not well-formed XML \(.*invalid Char value 11/);
    expect(await xmlWellFormednessProblems("atom.xml", "<feed><entry></feed>")).not.toEqual([]);
  });

  it("reports JSON that is not strict JSON", () => {
    expect(jsonProblems("feed.json", '{"a": [1, 2]}')).toEqual([]);
    for (const json of ['{"a": 1,}', "{a: 1}", "// x\n{}", "{'a': 1}", '{"a": NaN}', "{"]) {
      expect(jsonProblems("feed.json", json), json).toEqual([expect.stringMatching(/^feed\.json: invalid JSON \(/)]);
    }
  });
});
