/** The function whose tests are looked for. */
export interface RelatedTestTarget {
  /** The target file, relative to the workspace root with `/` separators. */
  filePath: string;
  functionName: string;
  /** The class the target is a method of, when it is one. */
  className?: string;
}
