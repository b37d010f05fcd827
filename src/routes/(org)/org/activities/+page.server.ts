import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';

import { listActivities } from '$lib/server/activities/activities';
import { unitIfInScope, unitOptions } from '$lib/server/org/scope';
import { parsePeriod, periodBounds } from '$lib/server/reports/period';
import type { PageServerLoad } from './$types';
import { ACTIVITY_KINDS } from '$lib/vocabulary';

// Filters come from a GET form and links: anything malformed falls back to the default.
const Filters = z.object({
	unit: z.coerce.number().int().positive().optional().catch(undefined),
	kind: z.enum(ACTIVITY_KINDS).optional().catch(undefined),
	cancelled: z.literal('1').optional().catch(undefined)
});

export const load: PageServerLoad = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const filters = Filters.parse(Object.fromEntries(event.url.searchParams));
	const unit = filters.unit === undefined ? undefined : await unitIfInScope(db, scope, filters.unit);
	if (filters.unit !== undefined && !unit) error(404, '单位不存在');
	const period = parsePeriod(event.url.searchParams);
	const { start, end } = periodBounds(period.period);
	return {
		filters: { unit: filters.unit ?? null, kind: filters.kind ?? '', cancelled: !!filters.cancelled },
		period: period.period,
		periodError: period.ok ? null : period.message,
		kinds: ACTIVITY_KINDS.filter((k) => k !== '读书思廉' && k !== '专题学习'),
		units: await unitOptions(db, scope),
		activities: period.ok
			? await listActivities(db, scope, { from: start, to: end, unitPath: unit?.path, kind: filters.kind, sources: ['offline', 'competition'], includeCancelled: !!filters.cancelled })
			: []
	};
};
