<?xml version="1.0" encoding="utf-8"?>
<!-- Makes /rss.xml readable when opened in a browser; feed readers ignore it. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <xsl:output method="html" version="1.0" encoding="UTF-8" indent="yes"/>
  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="/rss/channel/title"/> (RSS feed)</title>
        <style>
          body { font: 1.0625rem/1.6 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1c2330; background: #fff; }
          .note { background: #e6f0fb; border-left: 4px solid #0b5fb3; padding: 0.75rem 1rem; border-radius: 0 8px 8px 0; }
          a { color: #0b5fb3; }
          article { border-bottom: 1px solid #d9dee6; padding: 1rem 0; }
          h2 { margin: 0 0 0.25rem; font-size: 1.25rem; }
          .meta { color: #4d5869; font-size: 0.9rem; }
          code { background: #f6f8fa; padding: 0.1em 0.3em; border-radius: 4px; }
          @media (prefers-color-scheme: dark) {
            body { color: #e4e9f0; background: #10151d; }
            .note { background: #1a2a3d; }
            a { color: #7cb7f5; }
            .meta { color: #a9b4c3; }
            code { background: #161b22; }
          }
        </style>
      </head>
      <body>
        <main>
          <p class="note"><strong>This is an RSS feed.</strong> Copy this page's address into your feed reader to follow
            <xsl:text> </xsl:text><xsl:value-of select="/rss/channel/title"/>. New to feeds? A feed reader collects new posts from the sites you follow in one place.</p>
          <h1><xsl:value-of select="/rss/channel/title"/></h1>
          <p><xsl:value-of select="/rss/channel/description"/></p>
          <p><a><xsl:attribute name="href"><xsl:value-of select="/rss/channel/link"/></xsl:attribute>Visit the website →</a></p>
          <xsl:for-each select="/rss/channel/item">
            <article>
              <h2><a><xsl:attribute name="href"><xsl:value-of select="link"/></xsl:attribute><xsl:value-of select="title"/></a></h2>
              <p class="meta"><xsl:value-of select="substring(pubDate, 6, 11)"/> · <xsl:value-of select="dc:creator"/></p>
              <p><xsl:value-of select="description"/></p>
            </article>
          </xsl:for-each>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
