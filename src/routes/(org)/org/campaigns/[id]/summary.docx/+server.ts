import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { summaryTarget, summaryView } from '$lib/server/campaigns/summary';
import { DOCX_TYPE, summaryDocx } from '$lib/server/exports/summary-docx';
import { downloadHeaders } from '$lib/server/exports/csv';
import type { RequestHandler } from './$types';

// The whole subtree's 工作总结 as Word, for the campaign's managers.
export const GET: RequestHandler = async (event) => {
	const user = requireOrganizer(event);
	const t = await summaryTarget(db, await scopeFor(db, user), { campaignId: Number(event.params.id), unitId: null });
	if (!t) error(404, '系列活动不存在');
	const view = await summaryView(db, t);
	return new Response(new Uint8Array(await summaryDocx(view.text)), { headers: downloadHeaders(`${view.title}.docx`, DOCX_TYPE) });
};
