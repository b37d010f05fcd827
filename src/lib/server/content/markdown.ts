import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

// One Marked instance for all content; output is always sanitized, because content files may
// come from an upload by an organizer and lesson text must never carry script into a page.
const marked = new Marked({ gfm: true, breaks: false, async: false });

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
	allowedTags: [
		'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'ul', 'ol', 'li', 'strong', 'em', 'del', 'code', 'pre',
		'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img', 'sup', 'sub', 'span', 'div', 'input'
	],
	allowedAttributes: {
		a: ['href', 'title', 'id'],
		img: ['src', 'alt', 'title'],
		th: ['align'],
		td: ['align'],
		h2: ['id'],
		h3: ['id'],
		h4: ['id'],
		span: ['class'],
		div: ['class'],
		input: ['type', 'checked', 'disabled']
	},
	// Only same-origin or plain web links; no javascript:, no data: documents.
	allowedSchemes: ['http', 'https', 'mailto'],
	allowedSchemesByTag: { img: ['data'] },
	allowProtocolRelative: false,
	transformTags: {
		input: (tagName, attribs) => ({ tagName, attribs: { ...attribs, disabled: 'disabled' } })
	}
};

/** Markdown (from content or from a user) to sanitized HTML. */
export function renderMarkdown(source: string): string {
	return memoized(blockCache, source, () => sanitizeHtml(marked.parse(source) as string, SANITIZE_OPTIONS));
}

/** Markdown for a single line (a question stem, an option): no wrapping paragraph. */
export function renderInlineMarkdown(source: string): string {
	return memoized(inlineCache, source, () => sanitizeHtml(marked.parseInline(source) as string, SANITIZE_OPTIONS));
}

// Rendering is a pure function of the text, and sanitizing is the costly part of an exam page: three
// thousand people opening their papers at once render the same few hundred stems and options again
// and again. Short texts (questions, options, explanations) are kept, the oldest dropped first.
const MEMO_MAX_CHARS = 4000;
const MEMO_MAX_ENTRIES = 5000;
const blockCache = new Map<string, string>();
const inlineCache = new Map<string, string>();
function memoized(cache: Map<string, string>, source: string, render: () => string): string {
	if (source.length > MEMO_MAX_CHARS) return render();
	const hit = cache.get(source);
	if (hit !== undefined) return hit;
	const html = render();
	if (cache.size >= MEMO_MAX_ENTRIES) cache.delete(cache.keys().next().value!);
	cache.set(source, html);
	return html;
}

/** Plain text typed by a user, escaped, with line breaks kept. */
export function renderPlainText(text: string): string {
	return sanitizeHtml(text, { allowedTags: [], allowedAttributes: {} }).replace(/\n/g, '<br>');
}
