import { XMLParser } from 'fast-xml-parser';
import { clipMessage } from './testOutcomes';
import type { TestOutcome, TestStatus } from './types';

/**
 * An element in fast-xml-parser's `preserveOrder` shape: `{ tag: children[], ':@': attrs }`.
 * Order matters: a suite's own cases and its nested suites interleave in the report.
 */
type OrderedNode = Record<string, unknown>;

export interface JunitParseOptions {
  /**
   * Prefix test names with their enclosing `<testsuite>` names. Right for `node --test`,
   * where suites are `describe` blocks; wrong for pytest and mocha, whose single
   * suite is the session.
   */
  suiteNamesInTestName: boolean;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  preserveOrder: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  // Comments (node writes its totals as comments) and processing instructions are noise here.
  commentPropName: false,
});

/** Thrown for a report that is not JUnit XML; the caller falls back to other evidence. */
export class ReportFormatError extends Error {
  override readonly name = 'ReportFormatError';
}

function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@');
}

function childrenOf(node: OrderedNode): OrderedNode[] {
  const tag = tagOf(node);
  const children = tag ? node[tag] : undefined;
  return Array.isArray(children) ? children.filter((c): c is OrderedNode => typeof c === 'object' && c !== null) : [];
}

function attr(node: OrderedNode, name: string): string | undefined {
  const attrs = node[':@'];
  if (typeof attrs !== 'object' || attrs === null) return undefined;
  const value = (attrs as Record<string, unknown>)[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

function textOf(node: OrderedNode): string {
  return childrenOf(node)
    .map((c) => (typeof c['#text'] === 'string' ? c['#text'] : typeof c['#text'] === 'number' ? String(c['#text']) : ''))
    .join('');
}

/** `<failure message="m">text</failure>`, `<failure>text</failure>` or `<failure/>` (all seen in the wild). */
function detail(testcase: OrderedNode, tag: string): { present: boolean; message?: string } {
  const node = childrenOf(testcase).find((c) => tagOf(c) === tag);
  if (!node) return { present: false };
  const parts = [attr(node, 'message'), textOf(node).trim()].filter((p): p is string => !!p);
  // Pytest's message repeats the text's last line; keep both, the text carries the context.
  return { present: true, message: clipMessage(parts.join('\n')) };
}

function outcome(testcase: OrderedNode, suitePath: string[], options: JunitParseOptions): TestOutcome {
  const name = attr(testcase, 'name') ?? '(unnamed)';
  const classname = attr(testcase, 'classname');
  const parts = options.suiteNamesInTestName ? [...suitePath] : [];
  // node --test labels every case classname="test"; that says nothing.
  if (classname && classname !== 'test' && classname !== suitePath[suitePath.length - 1]) parts.push(classname);
  parts.push(name);
  const failure = detail(testcase, 'failure');
  const error = detail(testcase, 'error');
  const skipped = detail(testcase, 'skipped');
  let status: TestStatus = 'passed';
  let message: string | undefined;
  if (error.present) {
    status = 'error';
    message = error.message;
  } else if (failure.present) {
    status = 'failed';
    message = failure.message;
  } else if (skipped.present) {
    status = 'skipped';
    message = skipped.message;
  }
  const seconds = Number(attr(testcase, 'time'));
  return {
    name: parts.join(options.suiteNamesInTestName ? ' > ' : '::'),
    status,
    ...(message !== undefined ? { message } : {}),
    ...(Number.isFinite(seconds) ? { durationMs: Math.round(seconds * 1000) } : {}),
  };
}

function walk(nodes: OrderedNode[], path: string[], options: JunitParseOptions, out: TestOutcome[]): void {
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === 'testcase') out.push(outcome(node, path, options));
    else if (tag === 'testsuite') {
      const name = attr(node, 'name');
      walk(childrenOf(node), name ? [...path, name] : path, options, out);
    } else if (tag === 'testsuites') walk(childrenOf(node), path, options, out);
  }
}

/**
 * Reads a JUnit XML report (pytest `--junitxml`, `node --test` junit reporter, mocha
 * xunit, vitest junit) into per-test outcomes, in document order.
 */
export function parseJunitReport(xml: string, options: JunitParseOptions): TestOutcome[] {
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (err) {
    throw new ReportFormatError(`test report is not valid XML: ${(err as Error).message}`);
  }
  const roots = Array.isArray(doc) ? doc.filter((n): n is OrderedNode => typeof n === 'object' && n !== null) : [];
  if (!roots.some((n) => tagOf(n) === 'testsuites' || tagOf(n) === 'testsuite')) {
    throw new ReportFormatError('test report has neither <testsuites> nor <testsuite>');
  }
  const out: TestOutcome[] = [];
  walk(roots, [], options, out);
  return out;
}
