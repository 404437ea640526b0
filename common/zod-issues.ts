/** What exactly a schema refused, one line per issue ("recipients.path: Required"), for an error's details. */
export interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
}

export function issueLines(issues: readonly IssueLike[], limit = 10): string[] {
  return issues.slice(0, limit).map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
}
