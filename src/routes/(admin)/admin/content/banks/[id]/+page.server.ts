import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { questionSetWithQuestions } from '$lib/server/content/questions/banks';
import { previewQuestions } from '$lib/server/content/questions/preview';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const id = /^\d{1,9}$/.test(event.params.id) ? Number(event.params.id) : null;
	const found = id === null ? null : await questionSetWithQuestions(db, id);
	if (!found) error(404, '没有找到这个题库');
	return { set: found.set, imported: Number(event.url.searchParams.get('imported') ?? 0) || null, questions: await previewQuestions(db, found.questions) };
};
