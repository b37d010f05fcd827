import { requireAdmin } from '$lib/server/auth/guards';
import { bankWorkbook, TEMPLATE_EXAMPLES } from '$lib/server/content/questions/banks';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	requireAdmin(event);
	return new Response(Buffer.from(await bankWorkbook(TEMPLATE_EXAMPLES)), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent('题库导入模板.xlsx')}`
		}
	});
};
