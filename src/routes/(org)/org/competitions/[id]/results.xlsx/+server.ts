import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { resultsWorkbook } from '$lib/server/competitions/export';
import { requireHostedCompetition } from '$lib/server/competitions/routes';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { competition } = await requireHostedCompetition(event);
	if (competition.status !== 'ended') error(409, '竞赛结束后才能导出成绩');
	const bytes = await resultsWorkbook(db, competition);
	const filename = encodeURIComponent(`${competition.title}-成绩.xlsx`);
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="results.xlsx"; filename*=UTF-8''${filename}`,
			'cache-control': 'no-store'
		}
	});
};
