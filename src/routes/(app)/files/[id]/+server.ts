import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { mayViewFile } from '$lib/server/files/access';
import { fileRow } from '$lib/server/files/store';
import { fileResponse } from '$lib/server/files/serve';
import type { RequestHandler } from './$types';

// Every uploaded file goes out through here: the owning feature decides who may see it (404 for
// everyone else, so ids reveal nothing), and the headers keep a browser from running it.
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const id = Number(event.params.id);
	if (!Number.isInteger(id) || !(await mayViewFile(db, user, id))) error(404, '文件不存在');
	const file = await fileRow(db, id);
	if (!file) error(404, '文件不存在');
	return await fileResponse(file, { download: event.url.searchParams.has('download') });
};
