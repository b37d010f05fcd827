import { requireAdmin } from '$lib/server/auth/guards';
import { importTemplateCsv } from '$lib/server/people/import';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	requireAdmin(event);
	return new Response(importTemplateCsv(), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="people-import-template.csv"; filename*=UTF-8''${encodeURIComponent('人员导入模板.csv')}`
		}
	});
};
