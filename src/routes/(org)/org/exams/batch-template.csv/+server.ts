import { requireOrganizer } from '$lib/server/auth/guards';
import { BOM, CSV_TYPE, downloadHeaders } from '$lib/server/exports/csv';
import type { RequestHandler } from './$types';

/** The 任前 list as the exam form reads it: 工号, 姓名, 拟任职务. */
export const GET: RequestHandler = (event) => {
	requireOrganizer(event);
	const body = `${BOM}工号,姓名,拟任职务\r\n20260001,张三,办公室副主任\r\n`;
	return new Response(body, { headers: downloadHeaders('任前考试名单模板.csv', CSV_TYPE) });
};
