import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { formAction, requiredText } from '$lib/server/forms';
import { addUnit, deleteUnit, moveUnit, renameUnit, setUnitKind, setUnitSortOrder, SORT_ORDER_MAX, SORT_ORDER_MIN, UNIT_KINDS, unitDetail } from '$lib/server/org/units';
import type { Actions, PageServerLoad } from './$types';

const RenameForm = z.object({ name: requiredText('单位名称', 60) });
const KindForm = z.object({ kind: z.enum(UNIT_KINDS, { error: '请选择单位类型' }) });
const MoveForm = z.object({
	parentId: z.union([z.literal('').transform(() => null), z.coerce.number().int().positive()], { error: '请选择目标上级单位' })
});
const AddChildForm = z.object({ name: requiredText('单位名称', 60), kind: z.enum(UNIT_KINDS, { error: '请选择单位类型' }) });
const SORT_ORDER_MESSAGE = `排序号应为 ${SORT_ORDER_MIN} 到 ${SORT_ORDER_MAX} 之间的整数`;
const OrderForm = z.object({
	sortOrder: z.coerce.number({ error: SORT_ORDER_MESSAGE }).int(SORT_ORDER_MESSAGE).min(SORT_ORDER_MIN, SORT_ORDER_MESSAGE).max(SORT_ORDER_MAX, SORT_ORDER_MESSAGE)
});
const NoFields = z.object({});

/** The admin and the unit the URL names (404 for an id that cannot exist). */
function unitOfUrl(event: RequestEvent) {
	requireAdmin(event);
	const id = Number(event.params.id);
	if (!Number.isInteger(id) || id <= 0) error(404, '单位不存在');
	return id;
}

export const load: PageServerLoad = async (event) => {
	const detail = await unitDetail(db, unitOfUrl(event));
	if (!detail) error(404, '单位不存在');
	return { ...detail, kinds: UNIT_KINDS, sortOrderRange: { min: SORT_ORDER_MIN, max: SORT_ORDER_MAX } };
};

export const actions: Actions = {
	rename: formAction(unitOfUrl, RenameForm, async ({ guarded: id, data, refuse }) => {
		const result = await renameUnit(db, { id, ...data });
		if (!result.ok) return refuse({ name: result.message });
		return { action: 'rename', message: `已改名为“${result.unit.name}”` };
	}, { action: 'rename' }),
	kind: formAction(unitOfUrl, KindForm, async ({ guarded: id, data, refuse }) => {
		const result = await setUnitKind(db, { id, ...data });
		if (!result.ok) return refuse({ kind: result.message });
		return { action: 'kind', message: `单位类型已改为“${result.unit.kind}”` };
	}, { action: 'kind' }),
	order: formAction(unitOfUrl, OrderForm, async ({ guarded: id, data, refuse }) => {
		const result = await setUnitSortOrder(db, { id, ...data });
		if (!result.ok) return refuse({ sortOrder: result.message });
		return { action: 'order', message: `排序号已改为 ${result.unit.sortOrder}` };
	}, { action: 'order' }),
	move: formAction(unitOfUrl, MoveForm, async ({ guarded: id, data, refuse }) => {
		const result = await moveUnit(db, { id, ...data });
		if (!result.ok) return refuse({ parentId: result.message });
		return { action: 'move', message: '已移动（包括全部下级单位和人员）' };
	}, { action: 'move' }),
	addChild: formAction(unitOfUrl, AddChildForm, async ({ guarded: id, data, refuse }) => {
		const result = await addUnit(db, { parentId: id, ...data });
		if (!result.ok) return refuse({ name: result.message });
		return { action: 'addChild', message: `已添加下级单位“${result.unit.name}”` };
	}, { action: 'addChild' }),
	delete: formAction(unitOfUrl, NoFields, async ({ guarded: id, refuse }) => {
		const detail = await unitDetail(db, id);
		const result = await deleteUnit(db, { id });
		if (!result.ok) return refuse(result.message);
		redirect(303, `/admin/units?deleted=${encodeURIComponent(detail?.unit.name ?? '')}`);
	}, { action: 'delete' })
};
