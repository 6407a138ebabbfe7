import * as path from 'node:path';
import type { HumanEvalDataset } from '../../engine/humaneval/dataset';

/** One recorded sample set of a pooled bench: a data folder, optionally a slice of its samples, and its share. */
export interface PoolSetSpec {
  dir: string;
  /** Samples `from` (inclusive) to `to` (exclusive) of every task; absent: all of them. */
  slice?: { from: number; to: number };
  share: number;
  /** How tables name it: the folder's name, with the slice. */
  label: string;
}

/**
 * Parses `--pool DIR:K,DIR#FROM-TO:K`: data folders (each a HumanEval folder with recorded
 * samples) and their shares. `#FROM-TO` takes samples FROM..TO-1 of each task, so two disjoint
 * slices of one recording can stand as two independent sets of the same model.
 */
export function parsePoolSpec(text: string): PoolSetSpec[] {
  const specs = text.split(',').map((part) => part.trim()).filter(Boolean).map(parseOne);
  if (specs.length < 2) throw new Error(`--pool needs at least two sets, e.g. --pool DIR_A:4,DIR_B:4 (got "${text}")`);
  return specs;
}

function parseOne(part: string): PoolSetSpec {
  const colon = part.lastIndexOf(':');
  const share = Number(part.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(share) || share < 1) throw new Error(`--pool: "${part}" is not DIR:K with K a whole number of at least 1`);
  const where = part.slice(0, colon);
  const hash = where.lastIndexOf('#');
  const dir = hash < 0 ? where : where.slice(0, hash);
  const name = path.basename(path.resolve(dir));
  if (hash < 0) return { dir, share, label: name };
  const range = /^(\d+)-(\d+)$/.exec(where.slice(hash + 1));
  const from = Number(range?.[1]);
  const to = Number(range?.[2]);
  if (!range || to <= from) throw new Error(`--pool: "${where.slice(hash + 1)}" in "${part}" is not a sample range FROM-TO with FROM < TO`);
  return { dir, share, slice: { from, to }, label: `${name}#${from}-${to}` };
}

/** The dataset with every task's samples cut to the spec's slice; throws when a task has fewer samples than the slice needs. */
export function sliceSamples(dataset: HumanEvalDataset, spec: PoolSetSpec): HumanEvalDataset {
  const slice = spec.slice;
  if (!slice) return dataset;
  const problems = dataset.problems.map((p) => {
    if (p.samples.length < slice.to) throw new Error(`--pool ${spec.label}: ${p.taskId} has only ${p.samples.length} recorded samples`);
    return { ...p, samples: p.samples.slice(slice.from, slice.to) };
  });
  return { ...dataset, problems, byId: new Map(problems.map((p) => [p.taskId, p])) };
}
