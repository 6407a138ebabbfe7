import type { ContextQuery, TargetContext } from '../context';
import { scriptContext } from '../javascript/context';

/**
 * The callers of a TypeScript (or TSX) target and the project symbols it uses, types
 * included: the JavaScript finder with the TypeScript grammar, since the two share
 * their call, import and declaration shapes.
 */
export function typescriptContext(q: ContextQuery): Promise<TargetContext> {
  return scriptContext(q, q.filePath.endsWith('.tsx') ? 'tsx' : 'typescript');
}
