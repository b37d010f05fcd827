import { z } from 'zod';

import { RECORD_METRICS } from '$lib/server/reports/records';
import { ACTIVITY_KINDS, WRITING_KINDS } from '$lib/vocabulary';

/** Which records a drill-down link asks for; anything malformed falls back to the default. */
export const RecordsQuery = z.object({
	metric: z.enum(RECORD_METRICS).catch('activities'),
	row: z.coerce.number().int().positive().optional().catch(undefined),
	kind: z.enum(ACTIVITY_KINDS).optional().catch(undefined),
	month: z.string().regex(/^\d{4}-\d{2}$/).optional().catch(undefined),
	unreached: z.literal('1').optional().catch(undefined),
	writingKind: z.enum(WRITING_KINDS).optional().catch(undefined),
	page: z.coerce.number().int().positive().catch(1)
});
