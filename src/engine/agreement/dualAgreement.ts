/** Per-probe answers split into outputs on the generated calls and generated test verdicts; undefined when probing failed. */
export function splitBehaviour(behaviour: string | undefined, callCount: number, checkCount: number): { outputs: string; checks: boolean[] } | undefined {
  if (!behaviour || callCount + checkCount === 0) return undefined;
  const answers = behaviour.split('|');
  if (answers.length !== callCount + checkCount) return undefined;
  // Python answers a passed check with `=True`, the Node probe worker with `=true`.
  return { outputs: answers.slice(0, callCount).join('|'), checks: answers.slice(callCount).map((a) => a === '=True' || a === '=true') };
}
