import type { TemplateSpan } from './helmTemplate';

/** One branch of a Helm `if … else if … else … end` chain, as offsets of the text it renders. */
export interface HelmBranch {
  /** Index of the chain in the template (branches of one chain share it). */
  readonly chain: number;
  /** Position of the branch in its chain, from 0. */
  readonly index: number;
  /** The condition as written (without `if`/`else if`); undefined for `else`. */
  readonly condition?: string;
  /** Offsets of the text between this branch's action and the next one of its chain. */
  readonly start: number;
  end: number;
}

interface OpenBlock {
  /** Undefined for with/range/define/block, whose `else` and `end` are not branches of an if. */
  readonly chain?: number;
  branches: HelmBranch[];
}

const WORD = /^(else\s+if|else\s+with|else|if|with|range|define|block|end)\b\s*([\s\S]*)$/;

/** The words inside an action: without `{{`, `}}`, trim markers and comments. */
function actionBody(text: string, span: TemplateSpan): string {
  let body = text.slice(span.start + 2, Math.max(span.start + 2, span.end - 2));
  if (body.startsWith('-')) {
    body = body.slice(1);
  }
  if (body.endsWith('-')) {
    body = body.slice(0, -1);
  }
  return body.trim();
}

/**
 * The if/else chains of a Helm template. `with`, `range`, `define` and `block` are followed
 * only to pair every `end` with its opening action. Unbalanced templates give the branches
 * closed so far.
 */
export function helmBranches(text: string, spans: readonly TemplateSpan[]): HelmBranch[] {
  const out: HelmBranch[] = [];
  const stack: OpenBlock[] = [];
  let chains = 0;
  for (const span of spans) {
    const body = actionBody(text, span);
    if (body.startsWith('/*')) {
      continue;
    }
    const match = WORD.exec(body);
    if (!match) {
      continue;
    }
    const word = match[1].replace(/\s+/g, ' ');
    const rest = match[2].trim();
    const top = stack[stack.length - 1];
    const closeLast = (): void => {
      const last = top?.branches[top.branches.length - 1];
      if (last) {
        last.end = span.start;
      }
    };
    switch (word) {
      case 'if': {
        const branch: HelmBranch = { chain: chains, index: 0, condition: rest, start: span.end, end: text.length };
        stack.push({ chain: chains, branches: [branch] });
        out.push(branch);
        chains++;
        break;
      }
      case 'with':
      case 'range':
      case 'define':
      case 'block':
        stack.push({ branches: [] });
        break;
      case 'else if':
      case 'else':
      case 'else with':
        if (top?.chain !== undefined) {
          closeLast();
          const branch: HelmBranch = { chain: top.chain, index: top.branches.length, condition: word === 'else' ? undefined : rest, start: span.end, end: text.length };
          top.branches.push(branch);
          out.push(branch);
        }
        break;
      case 'end':
        if (top) {
          closeLast();
          stack.pop();
        }
        break;
    }
  }
  return out;
}

/**
 * The branches holding each offset (offsets sorted ascending), outermost first, found in one
 * sweep: branches nest, and `helmBranches` lists them in the order they start.
 */
export function enclosingBranches(branches: readonly HelmBranch[], offsets: readonly number[]): HelmBranch[][] {
  const out: HelmBranch[][] = [];
  let open: HelmBranch[] = [];
  let next = 0;
  for (const offset of offsets) {
    while (next < branches.length && branches[next].start <= offset) {
      open.push(branches[next]);
      next++;
    }
    open = open.filter((b) => b.end > offset);
    out.push([...open]);
  }
  return out;
}
