/** A problem found in an input file, located as precisely as the file allows. */
export interface EtlIssue {
  file: string;
  /** Row as a spreadsheet numbers it: the header is row 1. Absent for whole-file problems. */
  row?: number;
  column?: string;
  message: string;
}

export function formatIssue(issue: EtlIssue): string {
  const where = [issue.file];
  if (issue.row !== undefined) where.push(`row ${issue.row}`);
  if (issue.column !== undefined) where.push(`column "${issue.column}"`);
  return `${where.join(', ')}: ${issue.message}`;
}

/** Thrown when the checks gate fails: the build stops and the last good database stays. */
export class EtlCheckError extends Error {
  constructor(readonly issues: EtlIssue[], readonly more = 0) {
    const lines = issues.map((issue) => `  - ${formatIssue(issue)}`);
    if (more > 0) lines.push(`  … and ${more} more problems of the same kinds`);
    super(`The build stopped: ${issues.length + more} problem${issues.length + more === 1 ? '' : 's'} in the input.\n${lines.join('\n')}`);
    this.name = 'EtlCheckError';
  }
}

/**
 * Collects issues across a whole build so that one run reports every file's problems, not just
 * the first. Keeps the first few per file so a wholly wrong file does not drown the others.
 */
export class IssueCollector {
  private readonly kept: EtlIssue[] = [];
  private readonly perFile = new Map<string, number>();
  private dropped = 0;

  constructor(private readonly maxPerFile = 20) {}

  add(issue: EtlIssue): void {
    const seen = this.perFile.get(issue.file) ?? 0;
    this.perFile.set(issue.file, seen + 1);
    if (seen < this.maxPerFile) this.kept.push(issue);
    else this.dropped += 1;
  }

  get count(): number {
    return this.kept.length + this.dropped;
  }

  countFor(file: string): number {
    return this.perFile.get(file) ?? 0;
  }

  /** The checks gate: throws if anything was found. */
  throwIfAny(): void {
    if (this.count > 0) throw new EtlCheckError(this.kept, this.dropped);
  }
}
