import { splitFrontMatter } from '../frontmatter.ts';
import { renderMarkdown } from '../markdown.ts';

/** The body of a Markdown content file as it will be shown (front matter left out), sanitized. */
export function previewMarkdownFile(text: string): string {
	try {
		return renderMarkdown(splitFrontMatter(text, 'preview').body);
	} catch {
		return renderMarkdown(text);
	}
}
