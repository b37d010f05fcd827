import mammoth from 'mammoth';
import sanitizeHtml from 'sanitize-html';
import type { InspectedFile } from './inspect.ts';

// The text of a checked .docx as sanitized HTML (headings, paragraphs, lists, tables, emphasis;
// no images, links or styles), for reading on screen and printing in a compilation. Only call
// with a file inspectUpload accepted: the ZIP limits have been enforced before mammoth opens it.

const ALLOWED: sanitizeHtml.IOptions = {
	allowedTags: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'blockquote', 'ul', 'ol', 'li', 'strong', 'em', 'u', 's', 'sup', 'sub', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
	allowedAttributes: { td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
	allowedSchemes: []
};

/** Characters that count toward a minimum length: everything but whitespace. */
export function countChars(text: string): number {
	return [...text.replace(/\s+/g, '')].length;
}

export async function docxText(file: Pick<InspectedFile, 'bytes'>): Promise<{ html: string; charCount: number }> {
	const input = { buffer: file.bytes };
	const html = await mammoth.convertToHtml(input, { externalFileAccess: false, convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) });
	const raw = await mammoth.extractRawText(input);
	return { html: sanitizeHtml(html.value, ALLOWED), charCount: countChars(raw.value) };
}
