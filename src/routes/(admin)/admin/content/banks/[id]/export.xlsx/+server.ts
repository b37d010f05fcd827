import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { bankWorkbook, questionSetWithQuestions } from '$lib/server/content/questions/banks';
import type { RequestHandler } from './$types';

// Any question set (bank, course quiz, competition file) in the import template's layout.
export const GET: RequestHandler = async (event) => {
	requireAdmin(event);
	const id = /^\d{1,9}$/.test(event.params.id) ? Number(event.params.id) : null;
	const found = id === null ? null : await questionSetWithQuestions(db, id);
	if (!found) error(404, '没有找到这个题库');
	return new Response(Buffer.from(await bankWorkbook(found.questions)), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`${found.set.title}.xlsx`)}`
		}
	});
};
