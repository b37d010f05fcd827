import { readFile } from 'node:fs/promises';
import type { StoredFile } from '../db/schema/index.ts';
import { storedPath } from './store.ts';

// How a stored file goes out: the type detected at upload (never the name's), no sniffing, and a
// policy that lets nothing in it run. Re-encoded images are shown inline (the gallery); every
// other file is a download.

export function contentDisposition(disposition: 'inline' | 'attachment', fileName: string): string {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '');
	return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function fileHeaders(file: Pick<StoredFile, 'kind' | 'mimeType' | 'name' | 'size'>, options: { download?: boolean } = {}): Record<string, string> {
	const inline = file.kind === 'image' && !options.download;
	return {
		'content-type': file.mimeType,
		'content-length': String(file.size),
		'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', file.name),
		'x-content-type-options': 'nosniff',
		'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
		'cross-origin-resource-policy': 'same-origin',
		'referrer-policy': 'no-referrer',
		// Personal data behind a login: browsers may keep it, shared caches may not.
		'cache-control': 'private, max-age=3600'
	};
}

export async function fileResponse(file: StoredFile, options: { download?: boolean } = {}): Promise<Response> {
	const bytes = await readFile(storedPath(file.storageKey));
	return new Response(new Uint8Array(bytes), { headers: fileHeaders(file, options) });
}
