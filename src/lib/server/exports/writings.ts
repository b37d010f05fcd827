import { readFile } from 'node:fs/promises';
import { Zip, ZipPassThrough, strToU8 } from 'fflate';
import { formatDateTime } from '../../time.ts';
import { countChars } from '../files/docx.ts';
import { storedPath } from '../files/store.ts';
import { files } from '../db/schema/index.ts';
import type { DB } from '../db/client.ts';
import { inArray } from 'drizzle-orm';
import type { CollectionSummary } from '../writings/collections.ts';
import type { Piece, StandingRow } from '../writings/overview.ts';
import type { Column } from './csv.ts';
import { workbook } from './xlsx.ts';
import { STANDING_LABELS } from '../../vocabulary.ts';

// A collection for the 台账: the list of pieces (Excel), every file handed in (ZIP, one folder per
// piece, typed text as 正文.txt), and — in the route — a printable compilation.

const PIECES: Column[] = [
	{ key: 'name', label: '姓名' },
	{ key: 'username', label: '用户名' },
	{ key: 'unit', label: '所属单位' },
	{ key: 'title', label: '标题' },
	{ key: 'status', label: '状态' },
	{ key: 'excellent', label: '优秀' },
	{ key: 'published', label: '作品展示' },
	{ key: 'submittedAt', label: '提交时间' },
	{ key: 'chars', label: '字数（不计空格）' },
	{ key: 'files', label: '文件数' },
	{ key: 'comment', label: '最近一次退回意见' }
];

const MISSING: Column[] = [
	{ key: 'name', label: '姓名' },
	{ key: 'username', label: '用户名' },
	{ key: 'unit', label: '所属单位' }
];

export function pieceChars(piece: Pick<Piece, 'body' | 'files'>): number {
	return countChars(piece.body) + piece.files.reduce((n, f) => n + f.charCount, 0);
}

export function collectionFileName(c: Pick<CollectionSummary, 'title'>, ext: string): string {
	return `${c.title.replace(/[\\/:*?"<>|\s]+/g, '-')}.${ext}`;
}

export async function collectionXlsx(c: CollectionSummary, standings: StandingRow[], pieces: Piece[], now = new Date()): Promise<Buffer> {
	const byId = new Map(pieces.map((p) => [p.id, p]));
	const handedIn = standings.filter((s) => s.submissionId !== null);
	const missing = standings.filter((s) => s.submissionId === null);
	return await workbook([
		{
			name: '作品',
			columns: PIECES,
			rows: handedIn.map((s) => ({
				name: s.name,
				username: s.username,
				unit: s.unitName,
				title: s.title,
				status: STANDING_LABELS[s.standing],
				excellent: s.excellent ? '是' : '',
				published: s.published ? '展示中' : '',
				submittedAt: formatDateTime(s.submittedAt),
				chars: pieceChars(byId.get(s.submissionId!)!),
				files: s.fileCount,
				comment: s.reviewComment
			})),
			notes: [`${c.title}（${c.kind}，${c.unitName}，截止 ${c.dueDate}）`, `已提交 ${handedIn.length} 件，未提交 ${missing.length} 人；导出时间：${formatDateTime(now)}`]
		},
		{ name: '未提交', columns: MISSING, rows: missing.map((s) => ({ name: s.name, username: s.username, unit: s.unitName })) }
	]);
}

/** A name that works as a folder or file name on Windows, macOS and Linux (names were already cleaned of control characters). */
const safe = (s: string) => s.replace(/[\\/:*?"<>|]+/g, '_').trim().slice(0, 60) || '未命名';

/**
 * Every file of the given pieces as one ZIP, streamed: files are already compressed (JPEG, .docx,
 * PDF), so they are stored, and read from disk one at a time as the download proceeds.
 */
export async function collectionZip(db: DB, pieces: Piece[]): Promise<ReadableStream<Uint8Array>> {
	const ids = pieces.flatMap((p) => p.files.map((f) => f.fileId));
	const keys = new Map(ids.length ? (await db.select({ id: files.id, key: files.storageKey }).from(files).where(inArray(files.id, ids)).all()).map((r) => [r.id, r.key]) : []);
	type Entry = { path: string; load: () => Promise<Uint8Array> };
	const entries: Entry[] = [];
	const used = new Set<string>();
	for (const p of pieces) {
		let folder = safe(`${p.authorUnit}-${p.authorName}-${p.title || '无标题'}`);
		for (let n = 2; used.has(folder); n++) folder = safe(`${p.authorUnit}-${p.authorName}-${p.title || '无标题'}`) + `(${n})`;
		used.add(folder);
		if (p.body.trim()) entries.push({ path: `${folder}/正文.txt`, load: async () => strToU8(`\uFEFF${p.title}\r\n${p.authorName}（${p.authorUnit}）\r\n\r\n${p.body.replace(/\n/g, '\r\n')}\r\n`) });
		const names = new Set<string>();
		for (const f of p.files) {
			let name = safe(f.name);
			for (let n = 2; names.has(name); n++) name = safe(f.name).replace(/(\.[a-z]+)?$/, `(${n})$1`);
			names.add(name);
			entries.push({ path: `${folder}/${name}`, load: async () => new Uint8Array(await readFile(storedPath(keys.get(f.fileId)!))) });
		}
	}
	let next = 0;
	let zip: Zip;
	return new ReadableStream<Uint8Array>({
		start(controller) {
			zip = new Zip((err, chunk, final) => {
				if (err) return controller.error(err);
				controller.enqueue(chunk);
				if (final) controller.close();
			});
		},
		async pull() {
			if (next >= entries.length) {
				zip.end();
				return;
			}
			const entry = entries[next++];
			const file = new ZipPassThrough(entry.path);
			zip.add(file);
			file.push(await entry.load(), true);
		}
	});
}
