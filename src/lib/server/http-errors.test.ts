import { describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { bodySizeLimitLabel, errorMessage, refuseUnreadableForms } from './http-errors.ts';

function post(body: BodyInit, contentType: string): Request {
	const request = new Request('http://localhost/login', { method: 'POST', body, headers: { 'content-type': contentType } });
	refuseUnreadableForms(request);
	return request;
}

async function statusOf(promise: Promise<unknown>): Promise<{ status: number; message: string } | 'ok'> {
	try {
		await promise;
		return 'ok';
	} catch (e) {
		if (isHttpError(e)) return { status: e.status, message: e.body.message };
		throw e;
	}
}

describe('unreadable form bodies', () => {
	it('answers 400 with a Chinese message for garbage multipart, instead of a 500', async () => {
		expect(await statusOf(post('garbage', 'multipart/form-data; boundary=x').formData())).toEqual({ status: 400, message: expect.stringMatching(/无法解析/) });
		expect(await statusOf(post('--x\r\nbroken', 'multipart/form-data').formData())).toMatchObject({ status: 400 });
	});

	it('answers 415 for a text/plain body, which no form parser reads', async () => {
		expect(await statusOf(post('a=b', 'text/plain').formData())).toEqual({ status: 415, message: errorMessage(415) });
	});

	it('reads good forms as before, and lets errors of the body stream (413) through unchanged', async () => {
		const form = await post('name=%E5%BC%A0%E4%B8%89&x=1', 'application/x-www-form-urlencoded').formData();
		expect(form.get('name')).toBe('张三');
		const tooLarge = Object.assign(new Error('request body size exceeded BODY_SIZE_LIMIT'), { status: 413 });
		const stream = new ReadableStream({ start: (c) => c.error(tooLarge) });
		const request = new Request('http://localhost/', { method: 'POST', body: stream, duplex: 'half', headers: { 'content-type': 'multipart/form-data; boundary=x' } } as RequestInit);
		refuseUnreadableForms(request);
		await expect(request.formData()).rejects.toBe(tooLarge);
	});
});

describe('error messages', () => {
	it('says in Chinese what went wrong for each status, with the size limit for 413', () => {
		expect(errorMessage(413)).toBe(`提交的内容过大（上限 ${bodySizeLimitLabel()}），请缩小上传的文件后重试`);
		expect(bodySizeLimitLabel('20M')).toBe('20 MB');
		expect(bodySizeLimitLabel('512K')).toBe('512 KB');
		expect(errorMessage(415)).toMatch(/格式不正确/);
		expect(errorMessage(500)).toBe('服务器内部错误，请稍后再试');
		for (const status of [400, 404, 405, 413, 415]) expect(errorMessage(status)).not.toMatch(/服务器内部错误/);
	});
});
