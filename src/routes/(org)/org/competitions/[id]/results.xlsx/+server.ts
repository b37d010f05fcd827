import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { resultsWorkbook } from '$lib/server/live/export';
import { requireHostedGame } from '../../../../../live/live-route.server';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { game } = await requireHostedGame(event);
	if (game.status !== 'ended') error(409, '竞赛结束后才能导出成绩');
	const bytes = await resultsWorkbook(db, game);
	const filename = encodeURIComponent(`${game.title}-成绩.xlsx`);
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="results.xlsx"; filename*=UTF-8''${filename}`,
			'cache-control': 'no-store'
		}
	});
};
