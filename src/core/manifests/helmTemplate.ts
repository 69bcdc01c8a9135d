/** A `{{ ... }}` action in a Helm template, as string offsets. */
export interface TemplateSpan {
  readonly start: number;
  readonly end: number;
}

export interface SanitizedTemplate {
  /** Same length and line structure as the input, with every action neutralised. */
  readonly text: string;
  readonly spans: readonly TemplateSpan[];
}

/** Stands in for template output inside a value; never valid in a Kubernetes name or version. */
export const TEMPLATE_PLACEHOLDER = '\uE000';

const TEMPLATES_DIR = /(^|[\\/])templates[\\/]/;
/** A line that starts with an action, or a plain value or list item that does (never meant as YAML flow maps). */
const ACTION_LINE = /^[ \t]*(?:- +|[^\s:#'"][^:#'"]*: +)?\{\{/m;

/** Helm chart templates live under templates/; template syntax elsewhere is also treated as one. */
export function isHelmTemplate(path: string | undefined, text: string): boolean {
  if (path !== undefined && TEMPLATES_DIR.test(path)) {
    return true;
  }
  return text.includes('{{') && ACTION_LINE.test(text);
}

function findSpans(text: string): TemplateSpan[] {
  const spans: TemplateSpan[] = [];
  let at = text.indexOf('{{');
  while (at !== -1) {
    const close = text.indexOf('}}', at + 2);
    const end = close === -1 ? text.length : close + 2;
    spans.push({ start: at, end });
    at = text.indexOf('{{', end);
  }
  return spans;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}

function isLineBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d;
}

/** Whether only blanks separate `from` and the line break (or the end) before it. */
function blankBefore(text: string, from: number): boolean {
  for (let i = from - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      return true;
    }
    if (!isBlank(c)) {
      return false;
    }
  }
  return true;
}

/** Whether only blanks follow `from` up to the line end, or blanks and then another action. */
function blankOrActionAfter(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && isBlank(text.charCodeAt(i))) {
    i++;
  }
  return i >= text.length || text.charCodeAt(i) === 0x0a || text.startsWith('{{', i);
}

/**
 * Makes a Helm template parseable as YAML without moving any offset. A line that holds only
 * actions becomes a comment; an action inside a line becomes placeholder characters, so keys
 * and literal values around it (such as `apiVersion: extensions/v1beta1`) keep their places.
 */
export function sanitizeHelmTemplate(text: string): SanitizedTemplate {
  const spans = findSpans(text);
  if (spans.length === 0) {
    return { text, spans };
  }
  const chars = text.split('');
  const blank = (from: number, to: number, fill: string): void => {
    for (let i = from; i < to; i++) {
      const c = chars[i];
      if (c !== '\n' && c !== '\r') {
        chars[i] = fill;
      }
    }
  };
  // Each span looks only at the blanks around it, so a line of many actions costs its length once.
  for (const span of spans) {
    const standsAlone = blankBefore(text, span.start) && blankOrActionAfter(text, span.end);
    if (standsAlone) {
      blank(span.start, span.end, ' ');
      chars[span.start] = '#';
      // continuation lines of a multi-line action become comments too
      let nl = text.indexOf('\n', span.start);
      while (nl !== -1 && nl < span.end) {
        // a blank continuation line stays blank: its line break must stay where it is
        if (nl + 1 < span.end && !isLineBreak(text.charCodeAt(nl + 1))) {
          chars[nl + 1] = '#';
        }
        nl = text.indexOf('\n', nl + 1);
      }
    } else {
      blank(span.start, span.end, TEMPLATE_PLACEHOLDER);
    }
  }
  return { text: chars.join(''), spans };
}

export function containsTemplate(value: string): boolean {
  return value.includes(TEMPLATE_PLACEHOLDER);
}

export function overlapsTemplate(spans: readonly TemplateSpan[], start: number, end: number): boolean {
  for (const span of spans) {
    if (span.start < end && start < span.end) {
      return true;
    }
  }
  return false;
}
