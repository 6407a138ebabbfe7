/*
 * Small checks shared by the protocol's validators (src/protocolHostMessages.ts and
 * src/protocolWebviewMessages.ts), and the exhaustiveness check both sides use when they
 * switch over a message union. Like every `src/protocol*.ts` file it imports nothing but
 * protocol types, so the webview may use it.
 */

import type { EffortChoice, ReasoningEffortView, WavesModeView } from './protocol';

/** Narrows an unknown value to T. */
export type Guard<T> = (value: unknown) => value is T;
/** A guard for every field of T; optional fields take guards that accept undefined. */
export type Shape<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? Guard<Exclude<T[K], undefined> | undefined> : Guard<T[K]> };

export const isStr = (v: unknown): v is string => typeof v === 'string';
export const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
export const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;
export const isNonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

export function oneOf<T extends string>(...values: readonly T[]): Guard<T> {
  return (v: unknown): v is T => typeof v === 'string' && (values as readonly string[]).includes(v);
}
export function opt<T>(guard: Guard<T>): Guard<T | undefined> {
  return (v: unknown): v is T | undefined => v === undefined || guard(v);
}
export function nullable<T>(guard: Guard<T>): Guard<T | null> {
  return (v: unknown): v is T | null => v === null || guard(v);
}
export function arrayOf<T>(guard: Guard<T>): Guard<T[]> {
  return (v: unknown): v is T[] => Array.isArray(v) && v.every((item) => guard(item));
}
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** Checks the declared fields; extra fields are tolerated but never read. */
export function obj<T>(shape: Shape<T>): Guard<T> {
  const entries = Object.entries(shape) as [string, Guard<unknown>][];
  return (v: unknown): v is T => isRecord(v) && entries.every(([key, guard]) => guard(v[key]));
}

const efforts = ['none', 'minimal', 'low', 'medium', 'high'] as const;
export const isEffort = oneOf<ReasoningEffortView>(...efforts);
export const isEffortChoice = oneOf<EffortChoice>(...efforts, 'default');
export const isWavesMode = oneOf<WavesModeView>('adaptive', 'all');

/** Looks up the guard for `data.type` and applies it; unknown types fail. */
export function parseWith<M extends { type: string }>(guards: Record<string, Guard<M>>, data: unknown): M | undefined {
  if (!isRecord(data) || !isStr(data.type) || !Object.hasOwn(guards, data.type)) return undefined;
  return guards[data.type](data) ? data : undefined;
}

/** Exhaustiveness check for `switch` over a union. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
