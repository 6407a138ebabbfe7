/** Model answers for `median` in test/fixtures/workspaces/python-sample/stats.py. */
export const RIGHT_MEDIAN = [
  '```python',
  'def median(values: list[float]) -> float:',
  '    if not values:',
  '        raise ValueError("median of an empty list")',
  '    ordered = sorted(values)',
  '    mid = len(ordered) // 2',
  '    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2',
  '```',
].join('\n');

/** Wrong for even counts and sorts the caller's list in place. */
export const WRONG_MEDIAN = '```python\ndef median(values: list[float]) -> float:\n    values.sort()\n    return values[len(values) // 2]\n```';

/** Never returns: its test run must be killed. */
export const HANGING_MEDIAN = '```python\ndef median(values: list[float]) -> float:\n    while True:\n        pass\n```';
