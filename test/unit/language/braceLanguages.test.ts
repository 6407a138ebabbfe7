import { strict as assert } from 'node:assert';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';
import { listFunctions, locateFunction, taskForFunction } from '../../../src/engine/locate/locateFunction';

const GO = `package durations

import "strings"

// Parse reads "1h30m".
// It returns seconds.
func Parse(text string) (int, error) {
\treturn 0, nil
}

type Clock struct{ now int }

func (c *Clock) Tick() { c.now++ }
`;

const RUST = `/// Seconds in a duration such as "1h".
#[must_use]
pub fn parse(text: &str) -> Option<u64> {
    let s = "{"; // a brace in a string
    None
}

impl Clock {
    pub fn tick(&mut self) {
        self.now += 1;
    }
}

trait Named { fn name(&self) -> String; }
`;

const JAVA = `package tempo;

public class Durations {
    /** Parses "1h". */
    @Deprecated
    public static int parse(String text) {
        return text.length();
    }

    Durations() {}
}
`;

describe('language: Go, Rust and Java functions', () => {
  before(() => ensureLanguageLayer());

  it('Go: functions and methods with their comment docs', () => {
    assert.deepEqual(listFunctions(GO, 'go'), ['Parse', 'Tick']);
    const f = locateFunction(GO, 'go', 'Parse');
    assert.ok(f);
    assert.ok(GO.slice(f.range.start, f.range.end).startsWith('func Parse(text string) (int, error) {'));
    assert.equal(GO.slice(f.bodyRange.start, f.bodyRange.end), '\treturn 0, nil');
    assert.equal(f.bodyIndent, '\t');
    assert.equal(f.doc, 'Parse reads "1h30m".\nIt returns seconds.');
  });

  it('Rust: attributes go with the function; trait signatures without a body are not targets', () => {
    assert.deepEqual(listFunctions(RUST, 'rust'), ['parse', 'tick']);
    const f = locateFunction(RUST, 'rust', 'parse');
    assert.ok(f);
    assert.ok(RUST.slice(f.range.start, f.range.end).startsWith('#[must_use]\npub fn parse('));
    assert.ok(RUST.slice(f.range.start, f.range.end).endsWith('    None\n}'));
    assert.equal(f.doc, 'Seconds in a duration such as "1h".');
  });

  it('Java: methods with annotations and constructors, in a task for a .java file', () => {
    assert.deepEqual(listFunctions(JAVA, 'java'), ['parse', 'Durations']);
    const task = taskForFunction({ workspaceRoot: '/w', filePath: 'src/main/java/tempo/Durations.java', fileText: JAVA, functionName: 'parse', testCommand: 'mvn -q test', targetKind: 'body' });
    assert.equal(task.language, 'java');
    assert.equal(task.spec, 'Parses "1h".');
    assert.equal(JAVA.slice(task.range.start, task.range.end), '        return text.length();');
  });
});
