import { fail } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { parseForm, requiredText } from '$lib/server/forms';
import { createPerson, ROLE_LABELS } from '$lib/server/people/accounts';
import { unitOptions } from '$lib/server/org/units';
import { OptionalPassword, PersonFields } from '../schema';
import { formValues } from '../../form-values';
import type { Actions, PageServerLoad } from './$types';

const NewPersonForm = PersonFields.extend({ username: requiredText('工号/用户名', 64), password: OptionalPassword });

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	return { units: await unitOptions(db), roleLabels: ROLE_LABELS, unit: event.url.searchParams.get('unit') };
};

export const actions: Actions = {
	default: async (event) => {
		requireAdmin(event);
		const submitted = await event.request.formData();
		const form = parseForm(NewPersonForm, submitted);
		if (!form.ok) return fail(400, { errors: form.errors as Record<string, string>, values: formValues(submitted) });
		const result = await createPerson(db, form.data);
		if (!result.ok) return fail(400, { errors: result.errors, values: formValues(submitted) });
		// The password is shown once, in this response only; it is never stored in clear.
		return { created: { id: result.value.id, username: form.data.username, name: form.data.name, password: result.value.initialPassword } };
	}
};
