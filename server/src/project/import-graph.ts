// Which open files depend on a file that changed: the import graph, read from the compiler one file
// at a time (each file's resolved import and re-export specifiers) and kept until that file changes.
// The search is bounded, since the first walk over a large project asks the compiler about every file.

export interface ImportGraphLimits {
  /** How many import steps from an open file to the changed one (re-export chains through barrels). */
  maxDepth: number;
  /** How many files one search may read the imports of. */
  maxFiles: number;
}

export const DEFAULT_LIMITS: ImportGraphLimits = { maxDepth: 4, maxFiles: 400 };

export class ImportGraph {
  private readonly edges = new Map<string, readonly string[]>();

  constructor(private readonly limits: ImportGraphLimits = DEFAULT_LIMITS) {}

  /** The file's text changed: its imports must be read again. */
  forget(file: string): void {
    this.edges.delete(file);
  }

  clear(): void {
    this.edges.clear();
  }

  /**
   * The candidates (open files) that import `changed`, directly or through other files within the
   * limits. `importsOf` reads one file's imports from the compiler (undefined: not in the program).
   */
  dependants(changed: string, candidates: Iterable<string>, importsOf: (candidate: string, file: string) => readonly string[] | undefined): string[] {
    const found: string[] = [];
    let budget = this.limits.maxFiles;
    const edgesOf = (candidate: string, file: string): readonly string[] => {
      let list = this.edges.get(file);
      if (!list) {
        if (budget <= 0) return [];
        budget--;
        list = importsOf(candidate, file) ?? [];
        this.edges.set(file, list);
      }
      return list;
    };
    for (const candidate of candidates) {
      if (candidate === changed) continue;
      // Breadth first, so the budget goes to the nearest files.
      const seen = new Set([candidate]);
      let frontier = [candidate];
      search: for (let depth = 0; depth < this.limits.maxDepth && frontier.length > 0; depth++) {
        const next: string[] = [];
        for (const file of frontier) {
          for (const imported of edgesOf(candidate, file)) {
            if (imported === changed) {
              found.push(candidate);
              break search;
            }
            if (!seen.has(imported)) {
              seen.add(imported);
              next.push(imported);
            }
          }
        }
        frontier = next;
      }
    }
    return found;
  }
}
