import { strict as assert } from 'node:assert';
import { mergeReasoning, resolveReasoning, splitThinkTags, ThinkTagSplitter, THOUGHT_TAGS } from '../../../src/engine/model/reasoningText';
import { reasoningDetailsText } from '../../../src/engine/model/reasoningDetails';
import { extractCode } from '../../../src/engine/extract/extractCode';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';
import type { Task } from '../../../src/engine/task';

describe('splitThinkTags', () => {
  it('takes a leading <think> block out and drops the line breaks after it, not the indentation', () => {
    assert.deepEqual(splitThinkTags('<think>add them</think>\n\n    return a + b'), { content: '    return a + b', reasoning: 'add them' });
  });

  it('returns text without tags unchanged', () => {
    assert.deepEqual(splitThinkTags('\nreturn 1\n'), { content: '\nreturn 1\n', reasoning: '' });
  });

  it('collects several blocks', () => {
    assert.deepEqual(splitThinkTags('<think>a</think>x<think>b</think>y'), { content: 'xy', reasoning: 'a\n\nb' });
  });

  it('treats an unclosed <think> at the start as all reasoning (the cap ate the answer)', () => {
    assert.deepEqual(splitThinkTags('  <think>still thinking'), { content: '', reasoning: 'still thinking' });
  });

  it('keeps an unclosed <think> after real content as content', () => {
    assert.deepEqual(splitThinkTags('s = "<think>"\nreturn s'), { content: 's = "<think>"\nreturn s', reasoning: '' });
  });

  it('reads a </think> without an opening tag as the end of reasoning', () => {
    assert.deepEqual(splitThinkTags('reasoning first</think>\nanswer'), { content: 'answer', reasoning: 'reasoning first' });
  });
});

describe('ThinkTagSplitter (streaming)', () => {
  const text = '<think>plan the loop</think>\n\nfor i in range(3):\n    print(i)\n';

  for (const size of [1, 2, 3, 5, 7, 64]) {
    it(`gives the same split as the whole-text split with ${size}-character fragments`, () => {
      const splitter = new ThinkTagSplitter();
      let content = '';
      let reasoning = '';
      for (let i = 0; i < text.length; i += size) {
        const part = splitter.push(text.slice(i, i + size));
        content += part.content;
        reasoning += part.reasoning;
        assert.ok(!part.content.includes('<') || !'<think>'.startsWith(part.content.slice(part.content.lastIndexOf('<'))), 'no partial tag leaks into content');
      }
      const rest = splitter.flush();
      content += rest.content;
      reasoning += rest.reasoning;
      const whole = splitThinkTags(text);
      assert.equal(content, whole.content);
      assert.equal(reasoning, whole.reasoning);
    });
  }

  it('releases a held-back partial tag that never completes', () => {
    const splitter = new ThinkTagSplitter();
    assert.deepEqual(splitter.push('a <thi'), { content: 'a ', reasoning: '' });
    assert.deepEqual(splitter.flush(), { content: '<thi', reasoning: '' });
  });

  it('ends inside an unclosed block as reasoning', () => {
    const splitter = new ThinkTagSplitter();
    assert.deepEqual(splitter.push('<think>abc</th'), { content: '', reasoning: 'abc' });
    assert.deepEqual(splitter.flush(), { content: '', reasoning: '</th' });
  });
});

describe('resolveReasoning / mergeReasoning', () => {
  it('merges fields and tags in the profile order, once each', () => {
    const got = resolveReasoning(['reasoning_content', 'reasoning', 'think-tags'], { reasoning_content: 'same', reasoning: 'same' }, '<think>tag</think>code');
    assert.deepEqual(got, { content: 'code', reasoning: 'same\n\ntag' });
  });

  it('leaves content alone when tags are not a source', () => {
    assert.deepEqual(resolveReasoning(['reasoning'], { reasoning: 'r' }, '<think>t</think>c'), { content: '<think>t</think>c', reasoning: 'r' });
  });

  it('drops empty parts', () => {
    assert.equal(mergeReasoning(['', '  ', 'a', 'a ', 'b']), 'a\n\nb');
  });
});

describe('one reasoning splitter for the client and for extraction', () => {
  let task: Task;
  before(async () => {
    await ensureLanguageLayer();
    task = taskForFunction({ workspaceRoot: '/w', filePath: 'tags.py', fileText: 'def strip_tags(text):\n    """Drop think tags."""\n    pass\n', functionName: 'strip_tags', testCommand: 'pytest' });
  });
  const code = (answer: string): string => {
    const e = extractCode(task, answer);
    assert.ok(e.ok, e.ok ? '' : e.reason);
    return e.code;
  };

  // The two strippers disagreed here: extraction cut the answer at any unclosed <think>, and at
  // the last </think>, so code that mentions the tags lost its text; the client kept it.
  it('keeps code that mentions an unclosed <think> after the answer began', () => {
    const answer = '```python\ndef strip_tags(text):\n    return text.replace("<think>", "")\n```';
    assert.equal(splitThinkTags(answer).content, answer);
    assert.match(code(answer), /return text\.replace\("<think>", ""\)/);
  });

  it('keeps code that mentions </think> after a real reasoning block', () => {
    const answer = '<think>keep what follows the tag</think>\n```python\ndef strip_tags(text):\n    return text.split("</think>")[-1]\n```';
    assert.equal(splitThinkTags(answer).reasoning, 'keep what follows the tag');
    assert.match(code(answer), /\n    return text\.split\("<\/think>"\)\[-1\]$/);
  });

  it('still drops reasoning the template opened and an answer that is all reasoning', () => {
    assert.match(code('the template opened this</think>\n```python\ndef strip_tags(text):\n    return text\n```'), /^def strip_tags\(text\):/);
    const e = extractCode(task, '<think>still thinking when the cap hit');
    assert.ok(!e.ok && e.empty);
  });
});

describe('Gemini <thought> tags and OpenRouter reasoning_details', () => {
  it('splits <thought> blocks with the same rules as <think>, and leaves <think> alone', () => {
    assert.deepEqual(splitThinkTags('<thought>plan</thought>\n<think>x</think>', THOUGHT_TAGS), { content: '<think>x</think>', reasoning: 'plan' });
    assert.deepEqual(resolveReasoning(['thought-tags'], {}, '<thought>a</thought>\ncode'), { content: 'code', reasoning: 'a' });
  });

  it('streams a <thought> tag cut in the middle without leaking it into content', () => {
    const splitter = new ThinkTagSplitter(THOUGHT_TAGS);
    const parts = ['<tho', 'ught>pl', 'an</th', 'ought>', '\nreturn 1'].map((f) => splitter.push(f));
    parts.push(splitter.flush());
    assert.equal(parts.map((p) => p.reasoning).join(''), 'plan');
    assert.equal(parts.map((p) => p.content).join(''), 'return 1');
  });

  it('reads text and summaries from reasoning_details and skips encrypted entries and junk', () => {
    const details = [
      { type: 'reasoning.summary', summary: 'Sum. ' },
      { type: 'reasoning.encrypted', data: 'opaque' },
      { type: 'reasoning.text', text: 'Add a and b.', signature: 's' },
      { type: 'reasoning.text', text: 42 },
      'junk',
      null,
    ];
    assert.equal(reasoningDetailsText(details), 'Sum. Add a and b.');
    assert.equal(reasoningDetailsText({ type: 'reasoning.text', text: 'not an array' }), '');
  });
});
