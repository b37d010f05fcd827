import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { formAction } from '$lib/server/forms';
import { IMPORT_MAX_BYTES, IMPORT_MAX_INDIVIDUAL_PASSWORDS, IMPORT_MAX_ROWS, PASSWORD_MODES, credentialsCsv, importPeople } from '$lib/server/people/import';
import type { Actions, PageServerLoad } from './$types';

const ImportForm = z.object({
	file: z.instanceof(File, { error: '请选择要导入的文件' }).refine((f) => f.size > 0 || f.name !== '', '请选择要导入的文件'),
	passwordMode: z.enum(PASSWORD_MODES, { error: '请选择初始密码方式：统一密码或每人随机初始密码' }),
	password: z.string().max(128, '密码不能超过 128 位').optional().default('')
});

export const load: PageServerLoad = (event) => {
	requireAdmin(event);
	return { maxRows: IMPORT_MAX_ROWS, maxMegabytes: IMPORT_MAX_BYTES / 1024 / 1024, maxIndividualPasswords: IMPORT_MAX_INDIVIDUAL_PASSWORDS };
};

function importAction(dryRun: boolean) {
	return formAction(requireAdmin, ImportForm, async ({ event, data: { file, password, passwordMode } }) => {
		const result = await importPeople(db, { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name, password, mode: passwordMode, dryRun });
		if (!result.ok) {
			return fail(400, { filename: file.name, passwordMode, field: result.field, issues: result.issues, totalIssues: result.totalIssues });
		}
		const summary = { dryRun: result.dryRun, people: result.people, newUnits: result.newUnits, individualPasswords: result.individualPasswords };
		if (result.credentials.length === 0) return { filename: file.name, passwordMode, summary };
		// The individual passwords live only in this response (never in the database or a log), so
		// no cache may keep the page.
		event.setHeaders({ 'cache-control': 'no-store' });
		return { filename: file.name, passwordMode, summary, credentials: result.credentials, credentialsCsv: credentialsCsv(result.credentials) };
	});
}

export const actions: Actions = {
	check: importAction(true),
	import: importAction(false)
};
