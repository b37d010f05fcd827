import { sql } from 'drizzle-orm';
import { selectRows, type DB } from '../db/client.ts';
import { chineseDate, formatDate, formatDateTime } from '../../time.ts';
import { CAMPAIGN_ACTION_CATEGORY_LABELS, CAMPAIGN_CELL_STATUS_LABELS } from '../../vocabulary.ts';
import type { CampaignAccess } from '../campaigns/access.ts';
import type { ActionView, MatrixRow } from '../campaigns/pages.ts';
import type { Matrix } from '../campaigns/matrix.ts';
import { photoThumbnail } from '../activities/photos.ts';
import { inList } from '../campaigns/adapters/common.ts';
import type { Cell, Column } from './csv.ts';
import { workbook, type Sheet } from './xlsx.ts';

// A campaign as a workbook: the matrix (完成情况), every linked record per unit and action with
// whether it counts (活动记录), the people behind each 人次 (参加人员), and the photos as thumbnails
// (影像资料). The same figures as the page, for the units the viewer may see.

/** Rows of the people sheet beyond this are left out, with a note saying so. */
const MAX_PEOPLE_ROWS = 200_000;
/** Photos beyond this are listed but not embedded, keeping the file a reasonable size. */
const MAX_EMBEDDED_PHOTOS = 300;

export function campaignFileName(access: CampaignAccess): string {
	return `${access.campaign.title}-完成情况-${formatDate(new Date()).replace(/[年月]/g, '-').replace('日', '')}.xlsx`;
}

export async function campaignXlsx(db: DB, input: { access: CampaignAccess; actions: ActionView[]; rows: MatrixRow[]; matrix: Matrix; now?: Date }): Promise<Buffer> {
	const { access, actions, rows, matrix } = input;
	const c = access.campaign;
	const matrixColumns: Column[] = [{ key: 'unit', label: '责任单位' }, ...actions.map((a, i) => ({ key: `a${a.id}`, label: `${i + 1}. ${a.title}（${CAMPAIGN_ACTION_CATEGORY_LABELS[a.category]}）` })), { key: 'required', label: '规定动作完成' }];
	const matrixRows = rows.map((r) => {
		const row: Record<string, Cell> = { unit: r.unit.name, required: `${r.requiredDone}/${r.required}` };
		r.cells.forEach((cell, i) => {
			const a = actions[i];
			row[`a${a.id}`] = `${CAMPAIGN_CELL_STATUS_LABELS[cell.status]}（${cell.times}次，${cell.count}${a.measure}${a.targetMode === 'everyone' ? `，${cell.members}人中${cell.reached}人参加` : ''}）`;
		});
		return row;
	});

	const recordRows: Record<string, Cell>[] = [];
	const peopleRows: Record<string, Cell>[] = [];
	const photos: { unit: string; action: string; title: string; date: string; fileId: number }[] = [];
	let peopleTotal = 0;
	const names = new Map<number, { name: string; username: string }>();
	const userIds = new Set<number>();
	for (const r of rows) for (const a of actions) for (const rec of matrix.cell(r.unit.id, a.id).records) for (const p of rec.participants) userIds.add(p.userId);
	if (userIds.size) for (const u of await selectRows<{ id: number; name: string; username: string }>(db, sql`select id, name, username from users where id in ${inList([...userIds])}`)) names.set(u.id, u);
	for (const r of rows) {
		for (const a of actions) {
			for (const rec of matrix.cell(r.unit.id, a.id).records) {
				const date = formatDate(new Date(rec.facts.at));
				recordRows.push({ unit: r.unit.name, action: a.title, category: CAMPAIGN_ACTION_CATEGORY_LABELS[a.category], title: rec.facts.title, date, organizer: rec.facts.unitName, counts: rec.counts ? '计入' : '不计入', why: rec.why, count: rec.participants.length, measure: a.measure, photos: rec.facts.photoIds.length });
				for (const p of rec.participants) {
					peopleTotal++;
					if (peopleRows.length < MAX_PEOPLE_ROWS) peopleRows.push({ unit: r.unit.name, action: a.title, title: rec.facts.title, name: names.get(p.userId)?.name ?? '', username: names.get(p.userId)?.username ?? '', note: p.note, at: formatDateTime(new Date(p.doneAt)) });
				}
				for (const fileId of rec.facts.photoIds) photos.push({ unit: r.unit.name, action: a.title, title: rec.facts.title, date, fileId });
			}
		}
	}

	const keys = new Map((await (photos.length ? selectRows<{ id: number; storage_key: string }>(db, sql`select id, storage_key from files where id in ${inList([...new Set(photos.map((p) => p.fileId))])}`) : Promise.resolve([]))).map((f) => [f.id, f.storage_key]));
	const photoRows: Record<string, Cell>[] = [];
	const images: NonNullable<Sheet['images']> = [];
	for (const [i, p] of photos.entries()) {
		photoRows.push({ unit: p.unit, action: p.action, title: p.title, date: p.date, photo: i < MAX_EMBEDDED_PHOTOS ? null : '（照片较多，未嵌入，请在系统中查看）' });
		const key = keys.get(p.fileId);
		if (i < MAX_EMBEDDED_PHOTOS && key) {
			const thumb = await photoThumbnail(key).catch(() => null);
			if (thumb) images.push({ row: i, column: 'photo', jpeg: thumb.jpeg, width: thumb.width, height: thumb.height });
		}
	}

	return await workbook([
		{
			name: '完成情况',
			columns: matrixColumns,
			rows: matrixRows,
			notes: [
				`${c.title}（${c.unitName}，${chineseDate(c.startDate)}至${chineseDate(c.endDate)}）${c.document ? `，依据：${c.document}` : ''}`,
				`导出时间：${formatDateTime(input.now ?? new Date())}。完成情况由关联到各项活动的记录即时计算；上级单位组织的活动，计入有本单位人员参加的单位，人次只计本单位人员。`,
				...actions.map((a, i) => `${i + 1}. ${a.title}：${CAMPAIGN_ACTION_CATEGORY_LABELS[a.category]}，${a.kindText}，每个责任单位${a.target}`)
			]
		},
		{
			name: '活动记录',
			columns: [
				{ key: 'unit', label: '责任单位' },
				{ key: 'action', label: '活动项' },
				{ key: 'category', label: '类别' },
				{ key: 'title', label: '记录名称' },
				{ key: 'date', label: '日期' },
				{ key: 'organizer', label: '组织单位' },
				{ key: 'counts', label: '是否计入' },
				{ key: 'why', label: '不计入原因' },
				{ key: 'count', label: '参加（人次/份/篇）' },
				{ key: 'measure', label: '单位' },
				{ key: 'photos', label: '照片（张）' }
			],
			rows: recordRows
		},
		{
			name: '参加人员',
			columns: [
				{ key: 'unit', label: '责任单位' },
				{ key: 'action', label: '活动项' },
				{ key: 'title', label: '记录名称' },
				{ key: 'name', label: '姓名' },
				{ key: 'username', label: '用户名' },
				{ key: 'note', label: '情况' },
				{ key: 'at', label: '时间' }
			],
			rows: peopleRows,
			notes: peopleTotal > peopleRows.length ? [`共 ${peopleTotal} 条，此处仅列出前 ${peopleRows.length} 条。`] : undefined
		},
		{
			name: '影像资料',
			columns: [
				{ key: 'unit', label: '责任单位' },
				{ key: 'action', label: '活动项' },
				{ key: 'title', label: '记录名称' },
				{ key: 'date', label: '日期' },
				{ key: 'photo', label: '照片' }
			],
			rows: photoRows,
			images
		}
	]);
}
