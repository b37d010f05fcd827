import { error } from '@sveltejs/kit';

// Requests the server cannot or will not read get their own status and a Chinese message,
// instead of "服务器内部错误": a body over BODY_SIZE_LIMIT (413, raised by adapter-node while the
// body is read), a form action posted as something other than a form (415, raised by SvelteKit),
// and a form body that cannot be parsed (400, from refuseUnreadableForms below).

/** BODY_SIZE_LIMIT as people read it: "20M" → "20 MB" (adapter-node's syntax: bytes, K, M, G). */
export function bodySizeLimitLabel(raw = process.env.BODY_SIZE_LIMIT ?? '512K'): string {
	const m = /^\s*(\d+(?:\.\d+)?)\s*([KMG]?)\s*$/i.exec(raw);
	if (!m) return raw;
	const unit = m[2].toUpperCase();
	return unit ? `${m[1]} ${unit}B` : `${m[1]} 字节`;
}

/** The message shown for an error status the app did not raise itself with error(). */
export function errorMessage(status: number): string {
	switch (status) {
		case 400:
			return '提交的内容无法识别，请刷新页面后重新提交';
		case 404:
			return '页面不存在';
		case 405:
			return '不支持这种访问方式';
		case 413:
			return `提交的内容过大（上限 ${bodySizeLimitLabel()}），请缩小上传的文件后重试`;
		case 415:
			return '提交的格式不正确：请在页面上填写并提交表单';
		default:
			return status >= 500 ? '服务器内部错误，请稍后再试' : '请求无法处理，请刷新页面后重试';
	}
}

/**
 * Makes request.formData() answer 400 (or 415 for a text/plain body, which HTML allows but no
 * parser reads) when the body is not a readable form, instead of the TypeError that would
 * surface as a 500. Form actions call request.formData() themselves, so this wraps the request
 * once in the handle hook. Errors raised while the body is read (413 over BODY_SIZE_LIMIT) pass
 * through unchanged.
 */
export function refuseUnreadableForms(request: Request): void {
	const read = request.formData.bind(request);
	request.formData = async () => {
		// A second read is a programming error, not a bad request: let it fail as usual.
		if (request.bodyUsed) return await read();
		try {
			return await read();
		} catch (e) {
			if (!(e instanceof TypeError)) throw e;
			const type = request.headers.get('content-type') ?? '';
			if (/^text\/plain\b/i.test(type)) error(415, errorMessage(415));
			error(400, '提交的表单数据无法解析，请刷新页面后重新提交');
		}
	};
}

/**
 * The JSON object a page's own fetch sends (a phone's answer, an exam page's autosave); anything
 * else is a 400, a text over `maxChars` a 413. A cross-site form cannot send JSON without asking first.
 */
export async function readJsonObject(request: Request, maxChars: number): Promise<Record<string, unknown>> {
	if (!(request.headers.get('content-type') ?? '').includes('application/json')) error(400, '请求格式不正确');
	const text = await request.text();
	if (text.length > maxChars) error(413, '请求过大');
	try {
		const body = JSON.parse(text);
		if (body && typeof body === 'object' && !Array.isArray(body)) return body;
	} catch {
		// fall through
	}
	error(400, '请求格式不正确');
}
