import { strict as assert } from 'node:assert';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { targetContextFor, workspaceFileReader } from '../../../src/engine/language/context';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import { buildPrompt } from '../../../src/engine/prompt/buildPrompt';

/** Writes `files` under a fresh folder; returns its path. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bon-ctx-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const PY_BILLING = `"""Invoices."""
from .money import Money, round_cents as rc
from . import tax
import decimal

DEFAULT_CURRENCY = "EUR"


def invoice_total(lines, region):
    """Sum the lines, add the region's tax, round to cents."""
    raise NotImplementedError


def _unused(x):
    """Never called by the target."""
    return x


def print_invoice(lines):
    total = invoice_total(lines, "fr")
    return f"{total}" if total else str(invoice_total(lines, "de"))
`;
const PY_MONEY = `from ._core import Money


def round_cents(value, mode="half-even"):
    """Round to two places; \`mode\` is half-even or half-up."""
    return value
`;
const PY_CORE = `class Money:
    """An amount in one currency."""

    def __init__(self, amount, currency):
        self.amount = amount

    def add(self, other):
        """Sum of two amounts of the same currency."""
        return self

    def _check(self):
        pass
`;
const PY_TAX = `def rate_for(region: str) -> float:
    """VAT rate of \`region\` as a fraction (0.2 for 20 %)."""
    return 0.2
`;

describe('target context (parser-backed)', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('Python: finds callers, same-file constants and imported signatures (relative, aliased, module.attr, re-exported)', async () => {
    const body = PY_BILLING.replace('raise NotImplementedError', 'rate = tax.rate_for(region)\n    total = sum(Money(l, DEFAULT_CURRENCY).amount for l in lines)\n    return rc(total * (1 + rate))');
    const dir = project({ 'billing/invoice.py': body, 'billing/money.py': PY_MONEY, 'billing/_core.py': PY_CORE, 'billing/tax.py': PY_TAX, 'billing/__init__.py': '' });
    dirs.push(dir);
    const task = taskForFunction({ workspaceRoot: dir, filePath: 'billing/invoice.py', fileText: body, functionName: 'invoice_total', testCommand: 'pytest' });
    const context = await targetContextFor(task, workspaceFileReader(dir));
    const lines = body.split('\n');
    const spanText = (why: string): string[] => context.relatedSpans.filter((s) => s.why === why).map((s) => lines.slice(s.startLine, s.endLine + 1).join('\n'));
    // Called twice from one function: that function once.
    assert.deepEqual(spanText('caller'), ['def print_invoice(lines):\n    total = invoice_total(lines, "fr")\n    return f"{total}" if total else str(invoice_total(lines, "de"))']);
    assert.deepEqual(spanText('used'), ['DEFAULT_CURRENCY = "EUR"']);
    const byName = Object.fromEntries(context.importedSymbols.map((s) => [s.name, s]));
    assert.deepEqual(Object.keys(byName).sort(), ['Money', 'rate_for', 'round_cents']);
    assert.equal(byName.round_cents.file, 'billing/money.py');
    assert.equal(byName.round_cents.text, 'def round_cents(value, mode="half-even"):\n    """Round to two places; `mode` is half-even or half-up."""');
    // Money is re-exported by money.py: followed to its definition; private methods left out, bodies too.
    assert.equal(byName.Money.file, 'billing/_core.py');
    assert.equal(byName.Money.text, 'class Money:\n    """An amount in one currency."""\n    def __init__(self, amount, currency):\n    def add(self, other):');
    assert.equal(byName.rate_for.text, 'def rate_for(region: str) -> float:\n    """VAT rate of `region` as a fraction (0.2 for 20 %)."""');
    const user = (await buildPrompt(task, [], { promptTokenBudget: 4000 })).messages[1].content;
    assert.match(user, /Signatures of the project code `invoice_total` uses \(bodies left out\):\n```python\n# billing\/_core\.py\nclass Money:/);
    assert.match(user, /\n\n# billing\/money\.py\ndef round_cents\(value, mode="half-even"\):\n/);
    assert.doesNotMatch(user, /return value/);
  });

  it('TypeScript: imported constants and type guards of a real-looking package', async () => {
    const root = path.join(__dirname, '../../fixtures/projects/ts-jest');
    const fileText = readFileSync(path.join(root, 'src/duration.ts'), 'utf8');
    const task = taskForFunction({ workspaceRoot: root, filePath: 'src/duration.ts', fileText, functionName: 'parseDuration', testCommand: 'jest' });
    const context = await targetContextFor(task, workspaceFileReader(root));
    const byName = Object.fromEntries(context.importedSymbols.map((s) => [s.name, s]));
    assert.equal(byName.isUnit?.text, 'export function isUnit(text: string): text is Unit {');
    assert.match(byName.UNIT_SECONDS?.text ?? '', /^\/\*\* Seconds per unit, largest first; [^\n]*\*\/\nexport const UNIT_SECONDS = \{\n  w: 604_800,[\s\S]*\} as const;$/);
    assert.ok(context.relatedSpans.some((s) => s.why === 'used' && s.name === 'DurationSyntaxError'));
  });

  it('JavaScript: require, namespace imports and ./x.js written for ./x.ts', async () => {
    const main = `const { slugify } = require('./text');\nimport * as dates from './dates.js';\n\nexport function entryId(entry) {\n  return slugify(entry.title) + '-' + dates.isoDay(entry.at);\n}\n`;
    const dir = project({
      'lib/main.js': main,
      'lib/text.js': '/**\n * Lower-case, dash-separated form of `title`.\n */\nfunction slugify(title) {\n  return title;\n}\nmodule.exports = { slugify };\n',
      'lib/dates.ts': '/** YYYY-MM-DD of `at` in UTC. */\nexport const isoDay = (at: Date): string => {\n  return at.toISOString().slice(0, 10);\n};\n',
    });
    dirs.push(dir);
    const task = taskForFunction({ workspaceRoot: dir, filePath: 'lib/main.js', fileText: main, functionName: 'entryId', testCommand: 'node --test' });
    const symbols = (await targetContextFor(task, workspaceFileReader(dir))).importedSymbols;
    assert.deepEqual(
      symbols.map((s) => [s.file, s.text]),
      [
        ['lib/text.js', '/**\n * Lower-case, dash-separated form of `title`.\n */\nfunction slugify(title) {'],
        ['lib/dates.ts', '/** YYYY-MM-DD of `at` in UTC. */\nexport const isoDay = (at: Date): string => {'],
      ],
    );
  });

  it('reads nothing outside the workspace, even through a symlink', async () => {
    const outside = project({ 'secret.py': 'def leaked():\n    """The secret."""\n' });
    const dir = project({ 'app.py': 'from .secret import leaked\nfrom ..secret import leaked as l2\n\ndef f():\n    return leaked() + l2()\n' });
    dirs.push(outside, dir);
    symlinkSync(path.join(outside, 'secret.py'), path.join(dir, 'secret.py'));
    const read = workspaceFileReader(dir);
    assert.equal(await read('secret.py'), undefined);
    assert.equal(await read('../' + path.basename(outside) + '/secret.py'), undefined);
    const task = taskForFunction({ workspaceRoot: dir, filePath: 'app.py', fileText: readFileSync(path.join(dir, 'app.py'), 'utf8'), functionName: 'f', testCommand: 'pytest' });
    assert.deepEqual((await targetContextFor(task, read)).importedSymbols, []);
  });
});
