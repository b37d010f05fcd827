import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { parseForm } from '$lib/server/forms';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, importPeople } from '$lib/server/people/import';
import type { Actions, PageServerLoad } from './$types';

const ImportForm = z.object({
	file: z.instanceof(File, { error: '请选择要导入的文件' }).refine((f) => f.size > 0 || f.name !== '', '请选择要导入的文件'),
	password: z.string().max(128, '密码不能超过 128 位').optional().default('')
});

export const load: PageServerLoad = (event) => {
	requireAdmin(event);
	return { maxRows: IMPORT_MAX_ROWS, maxMegabytes: IMPORT_MAX_BYTES / 1024 / 1024 };
};

async function run(event: Parameters<Actions[string]>[0], dryRun: boolean) {
	requireAdmin(event);
	const form = parseForm(ImportForm, await event.request.formData());
	if (!form.ok) return fail(400, { errors: form.errors });
	const { file, password } = form.data;
	const result = await importPeople(db, { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name, password, dryRun });
	if (!result.ok) {
		return fail(400, { filename: file.name, field: result.field, issues: result.issues, totalIssues: result.totalIssues });
	}
	return { filename: file.name, summary: { dryRun: result.dryRun, people: result.people, newUnits: result.newUnits } };
}

export const actions: Actions = {
	check: (event) => run(event, true),
	import: (event) => run(event, false)
};
