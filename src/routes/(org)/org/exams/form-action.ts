import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { formValues } from '$lib/server/forms';
import { saveExam } from '$lib/server/exams/exams';
import { readBatch } from '$lib/server/exams/batch';
import { appClock } from '$lib/server/clock';
import { parseCampaignLink, saveWithCampaignLink } from '$lib/server/campaigns/links';
import { parseExamForm } from './schema';

/** The create and edit actions: guard, parse the form (and a 任前 list if one is uploaded), save. */
export async function saveExamAction(event: RequestEvent, id?: number) {
	const { user, scope } = await requireOrganizerScope(event, db);
	const form = await event.request.formData();
	const values = formValues(form);
	const parsed = parseExamForm(form);
	if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
	const file = form.get('batchFile');
	if (parsed.draft.audience === 'batch' && file instanceof File && file.size > 0) {
		const batch = await readBatch(new Uint8Array(await file.arrayBuffer()), file.name);
		if (!batch.ok) return fail(400, { errors: { batch: batch.message }, values });
		parsed.draft.batch = batch.rows;
	}
	const draft = parsed.draft;
	// A new exam opened from a campaign cell is created and linked in one transaction.
	const link = id === undefined ? parseCampaignLink(form.get('campaignLink')) : null;
	const result = await saveWithCampaignLink(db, { scope, actorId: user.id, kind: 'exam', link }, (tx) => saveExam(tx, { scope, actorId: user.id, id, draft, now: appClock.now() }), (r) => (r.ok ? r.id : 0));
	if (!result.ok) {
		if (result.status === 404) error(404, '考试不存在');
		return fail(400, { errors: result.errors, values });
	}
	redirect(303, `/org/exams/${result.id}?saved=1`);
}
