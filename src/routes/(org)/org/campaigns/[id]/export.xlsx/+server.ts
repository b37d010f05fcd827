import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { campaignExport } from '$lib/server/campaigns/pages';
import { campaignFileName, campaignXlsx } from '$lib/server/exports/campaign';
import { downloadHeaders, XLSX_TYPE } from '$lib/server/exports/csv';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const user = requireOrganizer(event);
	const data = await campaignExport(db, await scopeFor(db, user), Number(event.params.id));
	if (!data) error(404, '系列活动不存在');
	return new Response(new Uint8Array(await campaignXlsx(db, data)), { headers: downloadHeaders(campaignFileName(data.access), XLSX_TYPE) });
};
