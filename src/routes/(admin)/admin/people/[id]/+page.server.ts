import { error, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { formAction } from '$lib/server/forms';
import { getPerson, resetPassword, ROLE_LABELS, setDisabled, updatePerson } from '$lib/server/people/accounts';
import { unitOptions } from '$lib/server/org/units';
import { OptionalPassword, PersonFields } from '../schema';
import type { Actions, PageServerLoad } from './$types';

const ResetForm = z.object({ password: OptionalPassword });
const NoFields = z.object({});

/** The admin and the id of the person the URL names (404 for an id that cannot exist). */
function personOfUrl(event: RequestEvent) {
	const admin = requireAdmin(event);
	const id = Number(event.params.id);
	if (!Number.isInteger(id) || id <= 0) error(404, '人员不存在');
	return { admin, id };
}

export const load: PageServerLoad = async (event) => {
	const { admin, id } = personOfUrl(event);
	const person = await getPerson(db, id);
	if (!person) error(404, '人员不存在');
	return { person, isSelf: person.id === admin.id, units: await unitOptions(db), roleLabels: ROLE_LABELS };
};

export const actions: Actions = {
	save: formAction(personOfUrl, PersonFields, async ({ guarded: { admin, id }, data, refuse }) => {
		const result = await updatePerson(db, { id, actorId: admin.id, ...data });
		if (!result.ok) return refuse(result.errors);
		return { action: 'save', message: '已保存' };
	}, { action: 'save' }),
	resetPassword: formAction(personOfUrl, ResetForm, async ({ guarded: { id }, data, refuse }) => {
		const result = await resetPassword(db, { id, ...data });
		if (!result.ok) return refuse(result.errors);
		return { action: 'resetPassword', newPassword: result.value.password };
	}, { action: 'resetPassword' }),
	disable: formAction(personOfUrl, NoFields, async ({ guarded: { admin, id }, refuse }) => {
		const result = await setDisabled(db, { id, disabled: true, actorId: admin.id });
		if (!result.ok) return refuse(result.message);
		return { action: 'disable', message: '已停用该账号，其所有登录已失效' };
	}, { action: 'disable' }),
	enable: formAction(personOfUrl, NoFields, async ({ guarded: { admin, id }, refuse }) => {
		const result = await setDisabled(db, { id, disabled: false, actorId: admin.id });
		if (!result.ok) return refuse(result.message);
		return { action: 'enable', message: '已启用该账号' };
	}, { action: 'enable' })
};
