import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { parseForm, requiredText } from '$lib/server/forms';
import { addUnit, deleteUnit, moveUnit, renameUnit, setUnitKind, UNIT_KINDS, unitDetail } from '$lib/server/org/units';
import type { Actions, PageServerLoad } from './$types';

const RenameForm = z.object({ name: requiredText('单位名称', 60) });
const KindForm = z.object({ kind: z.enum(UNIT_KINDS, { error: '请选择单位类型' }) });
const MoveForm = z.object({
	parentId: z.union([z.literal('').transform(() => null), z.coerce.number().int().positive()], { error: '请选择目标上级单位' })
});
const AddChildForm = z.object({ name: requiredText('单位名称', 60), kind: z.enum(UNIT_KINDS, { error: '请选择单位类型' }) });

function unitId(params: { id: string }): number {
	const id = Number(params.id);
	if (!Number.isInteger(id) || id <= 0) error(404, '单位不存在');
	return id;
}

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const detail = await unitDetail(db, unitId(event.params));
	if (!detail) error(404, '单位不存在');
	return { ...detail, kinds: UNIT_KINDS };
};

export const actions: Actions = {
	rename: async (event) => {
		requireAdmin(event);
		const form = parseForm(RenameForm, await event.request.formData());
		if (!form.ok) return fail(400, { action: 'rename', errors: form.errors });
		const result = await renameUnit(db, { id: unitId(event.params), ...form.data });
		if (!result.ok) return fail(400, { action: 'rename', errors: { name: result.message } });
		return { action: 'rename', message: `已改名为“${result.unit.name}”` };
	},
	kind: async (event) => {
		requireAdmin(event);
		const form = parseForm(KindForm, await event.request.formData());
		if (!form.ok) return fail(400, { action: 'kind', errors: form.errors });
		const result = await setUnitKind(db, { id: unitId(event.params), ...form.data });
		if (!result.ok) return fail(400, { action: 'kind', errors: { kind: result.message } });
		return { action: 'kind', message: `单位类型已改为“${result.unit.kind}”` };
	},
	move: async (event) => {
		requireAdmin(event);
		const form = parseForm(MoveForm, await event.request.formData());
		if (!form.ok) return fail(400, { action: 'move', errors: form.errors });
		const result = await moveUnit(db, { id: unitId(event.params), ...form.data });
		if (!result.ok) return fail(400, { action: 'move', errors: { parentId: result.message } });
		return { action: 'move', message: '已移动（包括全部下级单位和人员）' };
	},
	addChild: async (event) => {
		requireAdmin(event);
		const form = parseForm(AddChildForm, await event.request.formData());
		if (!form.ok) return fail(400, { action: 'addChild', errors: form.errors });
		const result = await addUnit(db, { parentId: unitId(event.params), ...form.data });
		if (!result.ok) return fail(400, { action: 'addChild', errors: { name: result.message } });
		return { action: 'addChild', message: `已添加下级单位“${result.unit.name}”` };
	},
	delete: async (event) => {
		requireAdmin(event);
		const id = unitId(event.params);
		const detail = await unitDetail(db, id);
		const result = await deleteUnit(db, { id });
		if (!result.ok) return fail(400, { action: 'delete', errors: { _form: result.message } });
		redirect(303, `/admin/units?deleted=${encodeURIComponent(detail?.unit.name ?? '')}`);
	}
};
