/**
 * Reads a Mermaid diagram strictly before beautiful-mermaid draws it. beautiful-mermaid reads its input line by
 * line with regular expressions and skips what they do not match: a typo (`A -->> B`, `Alice->>Bob hello`) would
 * silently drop an edge or a message. Here every line must be a statement beautiful-mermaid understands the way
 * Mermaid does, or the diagram is refused with the line and what is wrong (DiagramSyntaxError).
 *
 * What comes out is the text beautiful-mermaid is given: flowchart statements respaced (`A-->B` is `A --> B`:
 * beautiful-mermaid would read `A--` as a node), a missing direction filled in, and every `&` written `&amp;`,
 * since beautiful-mermaid decodes XML character references first and a label is shown as written.
 *
 * Supported: flowcharts (`flowchart`/`graph`) and sequence diagrams. Colours (`style`, `classDef`, `linkStyle`,
 * `rect`) are refused: diagrams take the site's light and dark colours.
 */

export type DiagramKind = "flowchart" | "sequence";

/** A line of the diagram that cannot be read. `line` is 1-based, counted in the diagram's text. */
export class DiagramSyntaxError extends Error {
  override name = "DiagramSyntaxError";
  // A plain field, not a parameter property: Node's type stripping runs this module too.
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.line = line;
  }
}

export interface ReadDiagram {
  kind: DiagramKind;
  /** What beautiful-mermaid is given. */
  text: string;
}

/** Diagram types Mermaid has and this site does not draw. */
const OTHER_TYPES =
  /^(stateDiagram(-v2)?|classDiagram(-v2)?|erDiagram|xychart(-beta)?|gantt|pie|journey|gitGraph|mindmap|timeline|quadrantChart|requirementDiagram|C4\w*|sankey(-beta)?|block(-beta)?|packet(-beta)?|architecture(-beta)?|kanban|radar(-beta)?|zenuml|flowchart-elk)\b/i;

interface Line {
  /** 1-based, in the diagram's text. */
  number: number;
  text: string;
}

/** The lines that say something: not empty, not a `%%` comment or directive. */
function significantLines(source: string): Line[] {
  return source
    .split(/\r?\n|\r/)
    .map((text, index) => ({ number: index + 1, text: text.trim() }))
    .filter((line) => line.text.length > 0 && !line.text.startsWith("%%"));
}

const quote = (text: string) => `"${text.length > 60 ? `${text.slice(0, 57)}…` : text}"`;

export function readMermaid(source: string): ReadDiagram {
  const lines = significantLines(source);
  const header = lines[0];
  if (!header) throw new DiagramSyntaxError(1, "the diagram is empty");
  const flowchart = /^(?:graph|flowchart)(?:\s+(TD|TB|LR|BT|RL))?\s*;?$/i.exec(header.text);
  let body: string[];
  let kind: DiagramKind;
  if (flowchart) {
    kind = "flowchart";
    body = [`flowchart ${(flowchart[1] ?? "TD").toUpperCase()}`, ...readFlowchart(lines.slice(1))];
  } else if (/^sequenceDiagram\s*;?$/i.test(header.text)) {
    kind = "sequence";
    body = ["sequenceDiagram", ...readSequence(lines.slice(1))];
  } else if (header.text === "---") {
    throw new DiagramSyntaxError(
      header.number,
      'Mermaid frontmatter (---) is not supported: put the title in the fence, ```mermaid title="…"',
    );
  } else {
    const other = OTHER_TYPES.exec(header.text)?.[0];
    throw new DiagramSyntaxError(
      header.number,
      other
        ? `${other} diagrams are not supported here: use flowchart or sequenceDiagram`
        : `the first line names the diagram type ("flowchart LR" or "sequenceDiagram"), not ${quote(header.text)}`,
    );
  }
  return { kind, text: body.join("\n").replace(/&/g, "&amp;") };
}

// ---------------------------------------------------------------------------------------------------------------
// Flowcharts

/** A node id as Mermaid reads it next to an arrow: `-` only between letters (`us-east-->B` is `us-east --> B`). */
const NODE_ID = /^\w+(?:-\w+)*/;

/** The node shapes beautiful-mermaid draws, in the order it tries them (most specific delimiters first). */
const SHAPES: readonly (readonly [open: string, close: string])[] = [
  ["(((", ")))"],
  ["([", "])"],
  ["((", "))"],
  ["[[", "]]"],
  ["[(", ")]"],
  ["[/", "\\]"],
  ["[\\", "/]"],
  [">", "]"],
  ["{{", "}}"],
  ["[", "]"],
  ["(", ")"],
  ["{", "}"],
];

/** An arrow, with its canonical spelling: longer links are drawn as the plain ones. */
const ARROWS: readonly (readonly [pattern: RegExp, canonical: string])[] = [
  [/^-{2,}>/, "-->"],
  [/^-{3,}/, "---"],
  [/^={2,}>/, "==>"],
  [/^={3,}/, "==="],
  [/^-\.+->/, "-.->"],
  [/^-\.+-/, "-.-"],
];

/** `-- label -->`, `-. label .->`, `== label ==>`: the label written inside the arrow. */
const TEXT_ARROW = /^(--|-\.|==)\s+(.+?)\s+(-->|---|\.->|-\.-|==>|===)/;

const COLOUR_STATEMENT = /^(classDef|style|linkStyle)\b/;

function readFlowchart(lines: Line[]): string[] {
  const out: string[] = [];
  const subgraphs: Line[] = [];
  for (const line of lines) {
    const text = line.text.replace(/;\s*$/, "").trim();
    const fail = (reason: string): never => {
      throw new DiagramSyntaxError(line.number, reason);
    };
    const keyword = /^\w+/.exec(text)?.[0] ?? "";
    if (COLOUR_STATEMENT.test(text)) {
      fail(`${keyword} sets colours, and diagrams here take the site's light and dark colours: remove the line`);
    } else if (keyword === "subgraph") {
      if (!/^subgraph\s+\S/.test(text)) fail("a subgraph needs a name: subgraph id [Label]");
      subgraphs.push(line);
      out.push(text);
    } else if (text === "end") {
      if (!subgraphs.pop()) fail("this end closes no subgraph");
      out.push(text);
    } else if (keyword === "direction") {
      if (!/^direction\s+(TD|TB|LR|BT|RL)$/i.test(text)) fail("write direction TD, TB, LR, BT or RL");
      if (subgraphs.length === 0) fail("direction goes inside a subgraph; the diagram's is on its first line");
      out.push(text);
    } else if (keyword === "class" && /^class\s/.test(text)) {
      if (!/^class\s+[\w,-]+\s+\w+$/.test(text)) fail("write class nodeId className");
      out.push(text);
    } else if (keyword === "click") {
      fail("click (links and callbacks on nodes) is not supported");
    } else if (keyword === "accTitle" || keyword === "accDescr") {
      fail(`${keyword} is not supported: give the diagram's text alternative as alt="…" in the fence`);
    } else {
      out.push(flowchartStatement(text, fail));
    }
  }
  const open = subgraphs.pop();
  if (open) throw new DiagramSyntaxError(open.number, "this subgraph is never closed: add an end line");
  return out;
}

/** A statement of nodes and arrows (`A[Start] --> B & C`), respaced; `fail` on anything else. */
function flowchartStatement(statement: string, fail: (reason: string) => never): string {
  let rest = statement;
  const skipSpace = () => {
    rest = rest.trimStart();
  };

  const node = (): string => {
    const id = NODE_ID.exec(rest)?.[0];
    if (!id) {
      fail(
        rest.length === 0
          ? "an arrow must point at a node"
          : `expected a node id (letters, digits, _ or -) at ${quote(rest)}; a label goes in brackets: A[Label]`,
      );
    }
    const afterId = rest.slice(id.length);
    let text = id;
    for (const [open, close] of SHAPES) {
      if (!afterId.startsWith(open)) continue;
      // The label is the shortest text before the closing delimiter, and not empty (beautiful-mermaid's `(.+?)`).
      const end = afterId.indexOf(close, open.length + 1);
      if (end === -1) continue;
      text = id + afterId.slice(0, end + close.length);
      break;
    }
    if (text === id && /^[[({>]/.test(afterId)) {
      fail(`the label of node ${id} is empty or never closed at ${quote(afterId)}`);
    }
    rest = rest.slice(text.length);
    const className = /^:::\w[\w-]*/.exec(rest)?.[0];
    if (className) {
      text += className;
      rest = rest.slice(className.length);
    }
    return text;
  };

  const group = (): string => {
    const nodes = [node()];
    skipSpace();
    while (rest.startsWith("&")) {
      rest = rest.slice(1);
      skipSpace();
      nodes.push(node());
      skipSpace();
    }
    return nodes.join(" & ");
  };

  /** The next arrow, canonical, or undefined at the end of the statement. */
  const arrow = (): string | undefined => {
    if (rest.length === 0) return undefined;
    const start = rest.startsWith("<") ? "<" : "";
    const body = rest.slice(start.length);
    for (const [pattern, canonical] of ARROWS) {
      const match = pattern.exec(body);
      if (!match) continue;
      rest = body.slice(match[0].length);
      if (/^[-=.>]/.test(rest)) {
        fail(
          `this arrow is not one beautiful-mermaid draws: ${quote(match[0] + rest)} (use -->, ---, -.->, ==> or -- label -->)`,
        );
      }
      skipSpace();
      let label = "";
      if (rest.startsWith("|")) {
        const end = rest.indexOf("|", 1);
        if (end === -1) fail(`the edge label at ${quote(rest)} is never closed: add a |`);
        label = rest.slice(0, end + 1);
        rest = rest.slice(end + 1);
      }
      return `${start}${canonical}${label}`;
    }
    const text = TEXT_ARROW.exec(body);
    if (text) {
      const [whole, open = "", label = "", close = ""] = text;
      if (label.includes("|")) fail("an edge label cannot contain |");
      rest = body.slice(whole.length);
      const style = open === "==" || close.startsWith("=") ? "=" : open === "-." || close.includes(".") ? "." : "-";
      const head = close.endsWith(">");
      const canonical = { "-": head ? "-->" : "---", ".": head ? "-.->" : "-.-", "=": head ? "==>" : "===" }[style];
      return `${start}${canonical}|${label}|`;
    }
    if (rest.startsWith(";")) fail("one statement a line: put what follows the ; on a line of its own");
    return fail(
      /^[<xo]?[-=.]/.test(rest)
        ? `this arrow is not one beautiful-mermaid draws: ${quote(rest)} (use -->, ---, -.->, ==> or -- label -->)`
        : `expected an arrow or the end of the line at ${quote(rest)}`,
    );
  };

  const parts = [group()];
  for (let next = arrow(); next !== undefined; next = arrow()) {
    skipSpace();
    parts.push(next, group());
  }
  return parts.join(" ");
}

// ---------------------------------------------------------------------------------------------------------------
// Sequence diagrams: the statements beautiful-mermaid's parser tries, in its order.

const PARTICIPANT = /^(participant|actor)\s+(\S+?)(?:\s+as\s+(.+))?$/;
const NOTE = /^Note\s+(left of|right of|over)\s+([^:]+):\s*(.+)$/i;
const BLOCK = /^(loop|alt|opt|par|critical|break|rect)\s*(.*)$/;
const DIVIDER = /^(else|and)\s*(.*)$/;
const MESSAGE = /^(\S+?)\s*(--?>?>|--?[)x]|--?>>|--?>)\s*([+-]?)(\S+?)\s*:\s*(.+)$/;
const SIMPLE_MESSAGE = /^(\S+?)\s*(->>|-->>|-\)|--\)|-x|--x|->|-->)\s*([+-]?)(\S+?)\s*:\s*(.+)$/;
/** Statements beautiful-mermaid skips: activation is drawn from `+`/`-` on messages, so these change nothing. */
const IGNORED = /^(activate|deactivate)\s+\S+$/;
const UNSUPPORTED = /^(autonumber|title|box|create|destroy|links?|properties|details|accTitle|accDescr)\b/;

function readSequence(lines: Line[]): string[] {
  const blocks: Line[] = [];
  for (const line of lines) {
    const { text } = line;
    const fail = (reason: string): never => {
      throw new DiagramSyntaxError(line.number, reason);
    };
    if (PARTICIPANT.test(text)) continue;
    if (/^(participant|actor)\b/.test(text)) fail("write participant Id, or participant Id as Label");
    if (NOTE.test(text)) continue;
    if (/^note\b/i.test(text)) fail("write Note over A: text (or Note left of A:, Note right of A:, Note over A,B:)");
    const block = BLOCK.exec(text);
    if (block) {
      const keyword = block[1] as string;
      // beautiful-mermaid opens a block for any line starting with the keyword, `option->>B: x` too.
      if (!/^\w+(\s|$)/.test(text) || /^\w+/.exec(text)?.[0] !== keyword) {
        fail(`a line starting with "${keyword}" opens a block: rename the participant`);
      }
      if (keyword === "rect") fail("rect sets a colour, and diagrams here take the site's light and dark colours");
      blocks.push(line);
      continue;
    }
    if (blocks.length > 0 && DIVIDER.test(text)) {
      if (!/^(else|and)(\s|$)/.test(text))
        fail("a line starting with else or and divides a block: rename the participant");
      continue;
    }
    if (text === "end") {
      if (!blocks.pop()) fail("this end closes no loop, alt, opt, par, critical or break");
      continue;
    }
    if (MESSAGE.test(text) || SIMPLE_MESSAGE.test(text) || IGNORED.test(text)) continue;
    const keyword = UNSUPPORTED.exec(text)?.[1];
    if (keyword) fail(`${keyword} is not supported in sequence diagrams here`);
    if (DIVIDER.test(text)) fail(`${/^\w+/.exec(text)?.[0]} outside a block (alt … else … end, par … and … end)`);
    fail(
      /-[->)x]|->/.test(text)
        ? `a message is From->>To: text (with ->>, -->>, ->, -->, -), --), -x or --x), not ${quote(text)}`
        : `cannot read ${quote(text)}`,
    );
  }
  const open = blocks.pop();
  if (open) throw new DiagramSyntaxError(open.number, "this block is never closed: add an end line");
  return lines.map((line) => line.text);
}
