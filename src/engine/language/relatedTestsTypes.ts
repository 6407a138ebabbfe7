/** The function whose tests are looked for. */
export interface RelatedTestTarget {
  /** The target file, relative to the workspace root with `/` separators. */
  filePath: string;
  functionName: string;
  /**
   * The target and the functions of its own file that call it (directly or through each
   * other): a test of `days_in_period` exercises the `parse_period` it calls.
   */
  names: ReadonlySet<string>;
  /** The class the target is a method of, when it is one. */
  className?: string;
}
