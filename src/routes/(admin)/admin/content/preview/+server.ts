import { error, json } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/auth/guards';
import { previewMarkdownFile } from '$lib/server/content/courses/preview';
import type { RequestHandler } from './$types';

// The live preview of the course editor: Markdown in, sanitized HTML out. Writes nothing.
export const POST: RequestHandler = async (event) => {
	requireAdmin(event);
	const text = await event.request.text();
	if (text.length > 200_000) error(413, '文本过长');
	return json({ html: previewMarkdownFile(text) });
};
