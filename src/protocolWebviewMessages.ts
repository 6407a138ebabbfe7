/*
 * Validation of webview → host messages: the extension checks every message the panel
 * posts with {@link parseWebviewMessage} before acting on it. Typed against the unions in
 * src/protocol.ts, so a message added there without a check here fails to compile.
 */

import type { ControlUpdate, PanelCommand, WebviewToHostMessage } from './protocol';
import type { Guard } from './protocolGuards';
import { isBool, isCount, isEffortChoice, isId, isNonEmpty, isNum, isRecord, isStr, isWavesMode, obj, oneOf, parseWith } from './protocolGuards';

type ControlGuards = { [K in ControlUpdate['key']]: Guard<Extract<ControlUpdate, { key: K }>['value']> };
const controlGuards: ControlGuards = {
  reasoningEffort: isEffortChoice,
  reasoningBudget: isCount,
  fastMode: isBool,
  n: isId,
  earlyStop: isCount,
  temperature: (v: unknown): v is number => isNum(v) && v >= 0 && v <= 2,
  waves: isWavesMode,
  waveSize: isCount,
  repair: isBool,
  escalate: isBool,
  concurrency: isId,
  topP: (v: unknown): v is number => isNum(v) && v >= 0 && v <= 1,
  maxTokens: isCount,
  maxCostUsd: (v: unknown): v is number => isNum(v) && v >= 0,
  maxWallSeconds: isCount,
};

type WebviewGuards = { [K in WebviewToHostMessage['type']]: Guard<Extract<WebviewToHostMessage, { type: K }>> };
const webviewGuards: WebviewGuards = {
  ready: obj({ type: oneOf('ready') }),
  'run/start': obj({ type: oneOf('run/start') }),
  'run/cancel': obj({ type: oneOf('run/cancel'), runId: isNonEmpty }),
  'run/rerun': obj({ type: oneOf('run/rerun'), runId: isNonEmpty }),
  'candidate/accept': obj({ type: oneOf('candidate/accept'), runId: isNonEmpty, candidateId: isId }),
  'candidate/openDiff': obj({ type: oneOf('candidate/openDiff'), runId: isNonEmpty, candidateId: isId }),
  'controls/update': (v: unknown): v is Extract<WebviewToHostMessage, { type: 'controls/update' }> =>
    isRecord(v) && isStr(v.key) && Object.hasOwn(controlGuards, v.key) && controlGuards[v.key as ControlUpdate['key']](v.value),
  'memory/edit': obj({ type: oneOf('memory/edit'), id: isNonEmpty, text: isStr }),
  'memory/pin': obj({ type: oneOf('memory/pin'), id: isNonEmpty, pinned: isBool }),
  'memory/delete': obj({ type: oneOf('memory/delete'), id: isNonEmpty }),
  'memory/clear': obj({ type: oneOf('memory/clear') }),
  'command/execute': obj({ type: oneOf('command/execute'), command: oneOf<PanelCommand>('setApiKey', 'showLog', 'manageTrust', 'openSettings', 'chooseModel') }),
};

/** Validates a message from the webview (host side). Unknown types or wrong field types give `undefined`. */
export function parseWebviewMessage(data: unknown): WebviewToHostMessage | undefined {
  return parseWith<WebviewToHostMessage>(webviewGuards, data);
}
