import { XMLParser } from 'fast-xml-parser';
import { clipMessage } from './testOutcomes';
import type { TestOutcome, TestStatus } from './types';

type XmlNode = Record<string, unknown>;

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
  textNodeName: '#text',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  // Comments (node writes its totals as comments) and processing instructions are noise here.
  commentPropName: false,
  isArray: (name) => ['testsuite', 'testcase', 'failure', 'error', 'skipped'].includes(name),
});

/** Thrown for a report that is not JUnit XML; the caller falls back to other evidence. */
export class ReportFormatError extends Error {
  override readonly name = 'ReportFormatError';
}

function asNodes(value: unknown): XmlNode[] {
  return Array.isArray(value) ? value.filter((v): v is XmlNode => typeof v === 'object' && v !== null) : [];
}

function attr(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** `<failure message="m">text</failure>`, `<failure>text</failure>` or `<failure/>` (all seen in the wild). */
function detail(nodes: unknown): { present: boolean; message?: string } {
  const list = Array.isArray(nodes) ? nodes : [];
  if (list.length === 0) return { present: false };
  const first: unknown = list[0];
  if (typeof first === 'string') return { present: true, message: clipMessage(first) };
  if (typeof first !== 'object' || first === null) return { present: true };
  const node = first as XmlNode;
  const message = attr(node, 'message');
  const text = typeof node['#text'] === 'string' ? node['#text'] : undefined;
  const parts = [message, text?.trim()].filter((p): p is string => !!p);
  // Pytest's message repeats the text's last line; keep both, the text carries the context.
  return { present: true, message: clipMessage(parts.join('\n')) };
}

function outcome(testcase: XmlNode, suitePath: string[], options: JunitParseOptions): TestOutcome {
  const name = attr(testcase, 'name') ?? '(unnamed)';
  const classname = attr(testcase, 'classname');
  const parts = options.suiteNamesInTestName ? [...suitePath] : [];
  // node --test labels every case classname="test"; that says nothing.
  if (classname && classname !== 'test' && classname !== suitePath[suitePath.length - 1]) parts.push(classname);
  parts.push(name);
  const failure = detail(testcase.failure);
  const error = detail(testcase.error);
  const skipped = detail(testcase.skipped);
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

function walkSuite(suite: XmlNode, path: string[], options: JunitParseOptions, out: TestOutcome[]): void {
  for (const testcase of asNodes(suite.testcase)) out.push(outcome(testcase, path, options));
  for (const child of asNodes(suite.testsuite)) {
    const name = attr(child, 'name');
    walkSuite(child, name ? [...path, name] : path, options, out);
  }
}

/**
 * Reads a JUnit XML report (pytest `--junitxml`, `node --test` junit reporter, mocha
 * xunit, vitest junit) into per-test outcomes, in document order.
 */
export function parseJunitReport(xml: string, options: JunitParseOptions): TestOutcome[] {
  let doc: XmlNode;
  try {
    doc = parser.parse(xml) as XmlNode;
  } catch (err) {
    throw new ReportFormatError(`test report is not valid XML: ${(err as Error).message}`);
  }
  const out: TestOutcome[] = [];
  const root = doc.testsuites;
  if (typeof root === 'object' && root !== null && !Array.isArray(root)) {
    walkSuite(root as XmlNode, [], options, out);
  } else if (Array.isArray(doc.testsuite)) {
    walkSuite({ testsuite: doc.testsuite }, [], options, out);
  } else if (root === undefined) {
    throw new ReportFormatError('test report has neither <testsuites> nor <testsuite>');
  }
  return out;
}
