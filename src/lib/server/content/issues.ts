/** A problem in a content file, named by path (relative to the content dir) and 1-based line. */
export type ContentIssue = { file: string; line?: number; message: string };

export class ContentError extends Error {
	readonly file: string;
	readonly line: number | undefined;
	constructor(file: string, line: number | undefined, message: string) {
		super(message);
		this.file = file;
		this.line = line;
	}
	toIssue(): ContentIssue {
		return { file: this.file, line: this.line, message: this.message };
	}
}

export function formatIssue(issue: ContentIssue): string {
	return `${issue.file}${issue.line ? `:${issue.line}` : ''}: ${issue.message}`;
}
