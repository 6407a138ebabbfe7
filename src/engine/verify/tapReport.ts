import { clipMessage } from './testOutcomes';
import type { TestOutcome, TestStatus } from './types';

interface TestPoint {
  indent: number;
  outcome: TestOutcome;
  yaml: string[];
}

const TEST_POINT = /^(\s*)(ok|not ok)\b\s*(\d+)?\s*(?:-\s*)?(.*)$/;
const DIRECTIVE = /\s+#\s*(SKIP|TODO)\b\S*\s*(.*)$/i;

function messageFromYaml(lines: string[]): string | undefined {
  // node --test: `error: |-` followed by an indented block, or `error: 'text'` inline.
  const keys = ['error', 'message'];
  for (let i = 0; i < lines.length; i += 1) {
    const match = /^(\s*)(\w+):\s*(.*)$/.exec(lines[i]);
    if (!match || !keys.includes(match[2])) continue;
    const inline = match[3];
    if (inline && !/^[|>][-+]?$/.test(inline)) return clipMessage(inline.replace(/^'(.*)'$/, '$1'));
    const baseIndent = match[1].length;
    const block: string[] = [];
    for (let j = i + 1; j < lines.length; j += 1) {
      const indent = /^\s*/.exec(lines[j])?.[0].length ?? 0;
      if (lines[j].trim() !== '' && indent <= baseIndent) break;
      block.push(lines[j].trim());
    }
    return clipMessage(block.join('\n'));
  }
  return undefined;
}

/**
 * Reads TAP (13/14, with indented subtests as `node --test` and tape print them) into
 * leaf-test outcomes. Returns `undefined` without a `TAP version` line, plan or bail-out:
 * a program printing "ok" is not a test stream.
 */
export function parseTap(text: string): TestOutcome[] | undefined {
  const lines = text.split(/\r?\n/);
  const points: TestPoint[] = [];
  let sawTap = false;
  let bailOut: string | undefined;
  let current: TestPoint | undefined;
  let inYaml = false;
  for (const line of lines) {
    if (current && inYaml) {
      if (/^\s*\.\.\.\s*$/.test(line)) inYaml = false;
      else current.yaml.push(line);
      continue;
    }
    if (current && /^\s*---\s*$/.test(line)) {
      inYaml = true;
      continue;
    }
    if (/^\s*TAP version \d+/.test(line) || /^\s*1\.\.\d+/.test(line)) sawTap = true;
    const bail = /^\s*Bail out!\s*(.*)$/.exec(line);
    if (bail) {
      bailOut = bail[1] || 'bailed out';
      sawTap = true;
      continue;
    }
    const match = TEST_POINT.exec(line);
    if (!match) continue;
    let description = match[4] ?? '';
    let status: TestStatus = match[2] === 'ok' ? 'passed' : 'failed';
    const directive = DIRECTIVE.exec(description);
    if (directive) {
      description = description.slice(0, directive.index);
      // A TODO failure is expected; a SKIP never ran.
      if (directive[1].toUpperCase() === 'SKIP' || status === 'failed') status = 'skipped';
    }
    current = {
      indent: match[1].length,
      outcome: { name: description.trim() || `test ${match[3] ?? points.length + 1}`, status },
      yaml: [],
    };
    points.push(current);
  }
  if (!sawTap) return undefined;
  // Subtests come before their parent's own test point, indented deeper: keep leaves only.
  const leaves = points.filter((p, i) => i === 0 || points[i - 1].indent <= p.indent);
  const outcomes = leaves.map((p): TestOutcome => {
    const message = p.outcome.status === 'failed' ? messageFromYaml(p.yaml) : undefined;
    const duration = /duration_ms:\s*([\d.]+)/.exec(p.yaml.join('\n'));
    return {
      ...p.outcome,
      ...(message !== undefined ? { message } : {}),
      ...(duration ? { durationMs: Math.round(Number(duration[1])) } : {}),
    };
  });
  if (bailOut !== undefined) outcomes.push({ name: 'Bail out!', status: 'error', message: bailOut });
  return outcomes;
}
