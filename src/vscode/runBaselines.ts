import type { Task } from '../engine/task';

/** A text the run's document is known to have held: the run's start, or an accepted candidate. */
export interface Baseline {
  task: Task;
  /** The candidate this text holds; absent for the text the run started from. */
  acceptedCandidateId?: number;
}

/**
 * The texts a run's document is known to have held. The document is compared by text, never
 * by version: Ctrl+Z after an Accept, or typing the same text again, brings the document
 * back to a known text, and the run treats it as that text — no conflict, no "was edited".
 */
export class RunBaselines {
  private readonly known: Baseline[];
  private currentIndex = 0;

  constructor(start: Task) {
    this.known = [{ task: start }];
  }

  /** The baseline Accept, diffs and re-runs start from. */
  get current(): Baseline {
    return this.known[this.currentIndex] as Baseline;
  }

  /** The text the run started from. */
  get start(): Baseline {
    return this.known[0] as Baseline;
  }

  /** Records the document's text after an Accept; it becomes the current baseline. */
  accepted(task: Task, candidateId: number): void {
    const same = this.known.findIndex((b) => b.task.fileText === task.fileText);
    if (same >= 0) {
      this.currentIndex = same;
      return;
    }
    this.known.push({ task, acceptedCandidateId: candidateId });
    this.currentIndex = this.known.length - 1;
  }

  /**
   * Moves to the known baseline whose text is `text`. Returns it when the current baseline
   * changed, undefined when `text` is the current baseline's or no known text.
   */
  follow(text: string): Baseline | undefined {
    if (this.current.task.fileText === text) return undefined;
    // Texts are unique in `known` (see `accepted`), so at most one matches.
    const index = this.known.findIndex((b) => b.task.fileText === text);
    if (index < 0) return undefined;
    this.currentIndex = index;
    return this.current;
  }
}
