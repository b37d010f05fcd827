import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { parseForm } from '$lib/server/forms';
import { getPerson, resetPassword, ROLE_LABELS, setDisabled, updatePerson } from '$lib/server/people/accounts';
import { unitOptions } from '$lib/server/org/units';
import { OptionalPassword, PersonFields } from '../schema';
import { formValues } from '../../form-values';
import type { Actions, PageServerLoad } from './$types';

const ResetForm = z.object({ password: OptionalPassword });

function personId(params: { id: string }): number {
	const id = Number(params.id);
	if (!Number.isInteger(id) || id <= 0) error(404, '人员不存在');
	return id;
}

export const load: PageServerLoad = async (event) => {
	const admin = requireAdmin(event);
	const person = await getPerson(db, personId(event.params));
	if (!person) error(404, '人员不存在');
	return { person, isSelf: person.id === admin.id, units: await unitOptions(db), roleLabels: ROLE_LABELS };
};

export const actions: Actions = {
	save: async (event) => {
		const admin = requireAdmin(event);
		const submitted = await event.request.formData();
		const form = parseForm(PersonFields, submitted);
		if (!form.ok) return fail(400, { action: 'save', errors: form.errors as Record<string, string>, values: formValues(submitted) });
		const result = await updatePerson(db, { id: personId(event.params), actorId: admin.id, ...form.data });
		if (!result.ok) return fail(400, { action: 'save', errors: result.errors, values: formValues(submitted) });
		return { action: 'save', message: '已保存' };
	},
	resetPassword: async (event) => {
		requireAdmin(event);
		const form = parseForm(ResetForm, await event.request.formData());
		if (!form.ok) return fail(400, { action: 'resetPassword', errors: form.errors });
		const result = await resetPassword(db, { id: personId(event.params), ...form.data });
		if (!result.ok) return fail(400, { action: 'resetPassword', errors: result.errors });
		return { action: 'resetPassword', newPassword: result.value.password };
	},
	disable: async (event) => {
		const admin = requireAdmin(event);
		const result = await setDisabled(db, { id: personId(event.params), disabled: true, actorId: admin.id });
		if (!result.ok) return fail(400, { action: 'disable', errors: { _form: result.message } });
		return { action: 'disable', message: '已停用该账号，其所有登录已失效' };
	},
	enable: async (event) => {
		const admin = requireAdmin(event);
		const result = await setDisabled(db, { id: personId(event.params), disabled: false, actorId: admin.id });
		if (!result.ok) return fail(400, { action: 'enable', errors: { _form: result.message } });
		return { action: 'enable', message: '已启用该账号' };
	}
};
