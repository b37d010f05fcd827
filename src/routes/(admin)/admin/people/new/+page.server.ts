import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { formAction, requiredText } from '$lib/server/forms';
import { createPerson, ROLE_LABELS } from '$lib/server/people/accounts';
import { unitOptions } from '$lib/server/org/units';
import { OptionalPassword, PersonFields } from '../schema';
import type { Actions, PageServerLoad } from './$types';

const NewPersonForm = PersonFields.extend({ username: requiredText('工号/用户名', 64), password: OptionalPassword });

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	return { units: await unitOptions(db), roleLabels: ROLE_LABELS, unit: event.url.searchParams.get('unit') };
};

export const actions: Actions = {
	default: formAction(requireAdmin, NewPersonForm, async ({ data, refuse }) => {
		const result = await createPerson(db, data);
		if (!result.ok) return refuse(result.errors);
		// The password is shown once, in this response only; it is never stored in clear.
		return { created: { id: result.value.id, username: data.username, name: data.name, password: result.value.initialPassword } };
	})
};
