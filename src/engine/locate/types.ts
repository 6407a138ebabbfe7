import type { TextRange } from '../task';

/** Where a named function sits in a file, as both target kinds need it. */
export interface LocatedFunction {
  name: string;
  /** The whole definition: decorators, `export`, overload signatures through the end of its body. */
  range: TextRange;
  /**
   * What a `body` target replaces: the statements after the signature (and
   * docstring). For an empty body it is an empty range just after the docstring line.
   */
  bodyRange: TextRange;
  /** The text from the range start up to the end of the signature. */
  signature: string;
  /** Docstring (Python) or leading doc comment (elsewhere), dedented; '' when none. */
  doc: string;
  /** Indentation of the definition line. */
  indent: string;
  /** Indentation the body's statements use (or should use when the body is empty). */
  bodyIndent: string;
}
