import { fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { checkBankFile, listBanks, saveBank } from '$lib/server/content/questions/banks';
import { previewQuestions } from '$lib/server/content/questions/preview';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	return { banks: await listBanks(db) };
};

async function run(event: Parameters<Actions[string]>[0], dryRun: boolean) {
	requireAdmin(event);
	const form = await event.request.formData();
	const file = form.get('file');
	const title = String(form.get('title') ?? '').trim();
	const target = String(form.get('bank') ?? 'new');
	const values = { title, bank: target };
	if (!(file instanceof File) || file.size === 0) return fail(400, { values, errors: { file: '请选择题库文件（.xlsx、.docx、.txt 或 .md）' } });
	const bankId = target === 'new' ? null : Number(target);
	const banks = await listBanks(db);
	if (bankId !== null && !banks.some((b) => b.id === bankId)) return fail(400, { values, errors: { bank: '请选择要导入到的题库' } });
	if (bankId === null && !title) return fail(400, { values, errors: { title: '请填写新题库的名称' } });
	if (title.length > 100) return fail(400, { values, errors: { title: '题库名称不能超过 100 个字' } });
	const checked = await checkBankFile(db, new Uint8Array(await file.arrayBuffer()), file.name);
	if (!checked.ok) return fail(400, { values, filename: file.name, problems: checked.problems.slice(0, 300), totalProblems: checked.problems.length });
	if (dryRun) return { values, filename: file.name, preview: await previewQuestions(db, checked.questions) };
	const id = await saveBank(db, { bankId, title: title || banks.find((b) => b.id === bankId)!.title, questions: checked.questions, source: `upload:${file.name}` });
	redirect(303, `/admin/content/banks/${id}?imported=${checked.questions.length}`);
}

export const actions: Actions = {
	check: async (event) => await run(event, true),
	import: async (event) => await run(event, false)
};
