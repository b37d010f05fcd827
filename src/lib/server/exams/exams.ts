import { randomBytes } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, isNull, like, type SQL } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { examAttempts, examPeople, exams, orgUnits, questionSets, users, type Exam, type ExamSection } from '../db/schema/index.ts';
import type { Scope } from '../org/units.ts';
import { pathInScope } from '../org/scope.ts';
import { drawPaper, drawsReliably } from './paper.ts';
import { sectionCandidates } from './pool.ts';
import { examineeIdsQuery } from './audience.ts';
import type { ExamAudience, PaperMode } from '../../vocabulary.ts';

// Creating, editing and listing exams for organizers. An exam belongs to a unit of the organizer's
// subtree; its paper is a list of sections (rules). Whether the rules can be met is checked when
// the exam is saved, by drawing papers on many seeds, so a person starting it is not refused.

export const EXAM_TITLE_MAX = 100;
export const MAX_SECTIONS = 10;
export const MAX_QUESTIONS = 200;
export const MAX_TIME_LIMIT_MINUTES = 600;
export const MAX_ATTEMPTS = 10;

export type ExamDraft = {
	title: string;
	description: string;
	unitId: number;
	audience: ExamAudience;
	/** named: 工号/用户名 as typed. */
	usernames: string[];
	/** batch: rows of the imported list (null on an edit that keeps the list already imported). */
	batch: { row: number; username: string; name: string; note: string }[] | null;
	paperMode: PaperMode;
	sections: ExamSection[];
	shuffleOptions: boolean;
	opensAt: number;
	closesAt: number;
	timeLimitMinutes: number;
	attemptsAllowed: number;
	passScore: number;
	showAnswers: boolean;
	autoSubmitLeaves: number | null;
};

export type SaveExamResult = { ok: true; id: number } | { ok: false; status: 400 | 404; errors: Record<string, string> };

export type ExamSummary = Exam & { unitName: string; unitPath: string };

export async function examById(db: DB, id: number): Promise<ExamSummary | undefined> {
	if (!Number.isSafeInteger(id) || id <= 0) return undefined;
	const row = await db.select({ exam: exams, unitName: orgUnits.name, unitPath: orgUnits.path }).from(exams).innerJoin(orgUnits, eq(orgUnits.id, exams.unitId)).where(eq(exams.id, id)).get();
	return row ? { ...row.exam, unitName: row.unitName, unitPath: row.unitPath } : undefined;
}

/** An exam the organizer may manage, or undefined (missing or outside the scope: the same 404). */
export async function getExam(db: DB, scope: Scope, id: number): Promise<ExamSummary | undefined> {
	const exam = await examById(db, id);
	return exam && pathInScope(scope, exam.unitPath) ? exam : undefined;
}

export function totalPointsOf(sections: Pick<ExamSection, 'count' | 'points'>[]): number {
	return sections.reduce((n, s) => n + s.count * s.points, 0);
}

export async function attemptCount(db: DB, examId: number): Promise<number> {
	return (await db.select({ n: count() }).from(examAttempts).where(eq(examAttempts.examId, examId)).get())!.n;
}

const missingNames = (missing: string[]) => `以下用户名不存在或不属于所选单位：${missing.slice(0, 10).join('、')}${missing.length > 10 ? ' 等' : ''}`;

/** Problems of a draft that its schema cannot see alone, and the people it names. Keys are form field names. */
async function draftProblems(db: DB, d: ExamDraft, unitPath: string): Promise<{ errors: Record<string, string>; people: { userId: number; note: string }[] | null }> {
	const errors: Record<string, string> = {};
	if (!(d.closesAt > d.opensAt)) errors.closesAt = '结束时间应晚于开始时间';
	else if (d.closesAt - d.opensAt > 366 * 86_400_000) errors.closesAt = '考试开放时间最长一年';
	if (d.timeLimitMinutes < 1 || d.timeLimitMinutes > MAX_TIME_LIMIT_MINUTES) errors.timeLimitMinutes = `考试时长应为 1 至 ${MAX_TIME_LIMIT_MINUTES} 分钟`;
	if (d.attemptsAllowed < 1 || d.attemptsAllowed > MAX_ATTEMPTS) errors.attemptsAllowed = `允许参加次数应为 1 至 ${MAX_ATTEMPTS} 次`;
	if (!d.sections.length) errors.sections = '请至少设置一个组卷部分（题型、题数和每题分值）';
	else if (d.sections.length > MAX_SECTIONS) errors.sections = `最多 ${MAX_SECTIONS} 个组卷部分`;
	const questionTotal = d.sections.reduce((n, s) => n + s.count, 0);
	if (questionTotal > MAX_QUESTIONS) errors.sections = `一份试卷最多 ${MAX_QUESTIONS} 题，现在是 ${questionTotal} 题`;
	const total = totalPointsOf(d.sections);
	if (d.passScore < 1 || (total > 0 && d.passScore > total)) errors.passScore = `及格分应为 1 至 ${total} 分（试卷满分 ${total} 分）`;
	if (d.autoSubmitLeaves !== null && (d.autoSubmitLeaves < 1 || d.autoSubmitLeaves > 100)) errors.autoSubmitLeaves = '离开次数应为 1 至 100 次，不自动交卷请留空';
	const setIds = [...new Set(d.sections.flatMap((s) => s.setIds))];
	if (setIds.length) {
		const found = await db.select({ id: questionSets.id }).from(questionSets).where(and(inArray(questionSets.id, setIds), eq(questionSets.active, true))).all();
		if (found.length !== setIds.length) errors.sections = '所选题库不存在或已停用';
	}
	if (!errors.sections && d.sections.length) {
		const candidates = await sectionCandidates(db, d.sections);
		for (const [i, s] of d.sections.entries()) {
			if (candidates[i].length < s.count) {
				errors.sections = `第 ${i + 1} 部分只有 ${candidates[i].length} 道符合条件的题目，不够抽 ${s.count} 题`;
				break;
			}
		}
		if (!errors.sections) {
			const check = drawsReliably(d.sections, candidates);
			if (!check.ok) errors.sections = `各部分符合条件的题目互相重叠：第 ${check.section + 1} 部分有时只剩 ${check.available} 道题可抽（需要 ${check.wanted} 道）。请减少题数或把条件分开`;
		}
	}

	let people: { userId: number; note: string }[] | null = null;
	if (d.audience === 'named' || (d.audience === 'batch' && d.batch)) {
		const wanted = d.audience === 'named' ? [...new Set(d.usernames)] : [...new Set(d.batch!.map((b) => b.username))];
		const found = wanted.length
			? await db
					.select({ id: users.id, username: users.username, name: users.name })
					.from(users)
					.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
					.where(and(inArray(users.username, wanted), like(orgUnits.path, `${unitPath}%`), isNull(users.disabledAt)))
					.all()
			: [];
		const byUsername = new Map(found.map((f) => [f.username, f]));
		const field = d.audience === 'named' ? 'people' : 'batch';
		const missing = wanted.filter((w) => !byUsername.has(w));
		if (!wanted.length) errors[field] = d.audience === 'named' ? '请至少填写一名人员' : '名单中没有人员';
		else if (missing.length) errors[field] = missingNames(missing);
		else if (d.audience === 'batch') {
			// A 任前 list names each person twice (工号 and 姓名): both must agree, or the list is wrong.
			const mismatch = d.batch!.filter((b) => b.name && byUsername.get(b.username)!.name !== b.name);
			if (mismatch.length) errors.batch = `名单中姓名与账号不符：${mismatch.slice(0, 5).map((m) => `第 ${m.row} 行 ${m.username}（名单：${m.name}，账号：${byUsername.get(m.username)!.name}）`).join('；')}`;
		}
		const notes = new Map(d.audience === 'batch' ? d.batch!.map((b) => [b.username, b.note]) : []);
		people = found.map((f) => ({ userId: f.id, note: notes.get(f.username) ?? '' }));
	}
	return { errors, people };
}

/** A fixed paper is drawn once, from the exam's own secret, when the exam is saved. */
async function fixedPaperFor(db: DB, d: ExamDraft, secret: string) {
	if (d.paperMode !== 'fixed') return null;
	const drawn = drawPaper(d.sections, await sectionCandidates(db, d.sections), `${secret}:fixed`, false);
	return drawn.ok ? drawn.paper : null;
}

/**
 * Creates (id absent) or edits an exam. Edits are refused once anyone has started it (the paper
 * rules and the times are then part of their attempt); extending the close time is separate.
 */
export async function saveExam(db: DB, input: { scope: Scope; actorId: number; id?: number; draft: ExamDraft; now?: number }): Promise<SaveExamResult> {
	const now = input.now ?? Date.now();
	const d = input.draft;
	const existing = input.id !== undefined ? await getExam(db, input.scope, input.id) : undefined;
	if (input.id !== undefined && !existing) return { ok: false, status: 404, errors: { _form: '考试不存在' } };
	if (existing && (await attemptCount(db, existing.id)) > 0) return { ok: false, status: 400, errors: { _form: '已有人开始作答，试卷和时间不能再修改（可以延长结束时间）' } };
	const unit = await db.select({ id: orgUnits.id, path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, d.unitId)).get();
	if (!unit || !pathInScope(input.scope, unit.path)) return { ok: false, status: 400, errors: { unitId: '请选择本单位或下级单位' } };
	if (d.audience === 'batch' && !d.batch && !(existing?.audience === 'batch')) return { ok: false, status: 400, errors: { batch: '请上传任前考试名单（Excel 或 CSV）' } };
	const { errors, people } = await draftProblems(db, d, unit.path);
	if (Object.keys(errors).length) return { ok: false, status: 400, errors };
	const secret = existing?.seedSecret ?? randomBytes(16).toString('hex');
	const fixedPaper = await fixedPaperFor(db, d, secret);
	if (d.paperMode === 'fixed' && !fixedPaper) return { ok: false, status: 400, errors: { sections: '无法按规则抽出统一试卷，请检查组卷规则' } };
	const values = {
		title: d.title,
		description: d.description,
		unitId: d.unitId,
		audience: d.audience,
		paperMode: d.paperMode,
		sections: d.sections,
		fixedPaper,
		shuffleOptions: d.shuffleOptions,
		opensAt: d.opensAt,
		closesAt: d.closesAt,
		timeLimitMinutes: d.timeLimitMinutes,
		attemptsAllowed: d.attemptsAllowed,
		passScore: d.passScore,
		totalPoints: totalPointsOf(d.sections),
		showAnswers: d.showAnswers,
		autoSubmitLeaves: d.autoSubmitLeaves,
		updatedAt: now
	};
	const id = await db.transaction(async (tx) => {
		let id = existing?.id;
		if (id === undefined) {
			id = (await tx.insert(exams).values({ ...values, seedSecret: secret, createdBy: input.actorId, createdAt: now }).returning({ id: exams.id }).get()).id;
		} else {
			// Guarded again inside the transaction: a start between the check above and here wins.
			const started = (await tx.select({ n: count() }).from(examAttempts).where(eq(examAttempts.examId, id)).get())!.n;
			if (started > 0) return null;
			await tx.update(exams).set(values).where(eq(exams.id, id)).run();
		}
		if (people !== null || (d.audience !== 'named' && d.audience !== 'batch')) {
			await tx.delete(examPeople).where(eq(examPeople.examId, id)).run();
			for (let i = 0; i < (people ?? []).length; i += 500) await tx.insert(examPeople).values(people!.slice(i, i + 500).map((p) => ({ examId: id!, userId: p.userId, note: p.note }))).run();
		}
		return id;
	});
	if (id === null) return { ok: false, status: 400, errors: { _form: '已有人开始作答，试卷和时间不能再修改（可以延长结束时间）' } };
	return { ok: true, id };
}

/** After the start: the close may move later (never earlier than now), and answers may be shown or hidden. */
export async function updateExamSettings(db: DB, input: { scope: Scope; id: number; closesAt: number; showAnswers: boolean; now?: number }): Promise<{ ok: true } | { ok: false; message: string }> {
	const now = input.now ?? Date.now();
	const exam = await getExam(db, input.scope, input.id);
	if (!exam) return { ok: false, message: '考试不存在' };
	if (exam.releasedAt !== null && input.closesAt !== exam.closesAt) return { ok: false, message: '考试已结束并公布，不能再更改结束时间；如需补考请创建补考' };
	if (input.closesAt < exam.closesAt) return { ok: false, message: '结束时间只能延后，不能提前（已开始作答的人的时间以原设置为准）' };
	if (input.closesAt !== exam.closesAt && input.closesAt <= now) return { ok: false, message: '新的结束时间应晚于现在' };
	await db.update(exams).set({ closesAt: input.closesAt, showAnswers: input.showAnswers, updatedAt: now }).where(eq(exams.id, exam.id)).run();
	return { ok: true };
}

/** Removes an exam nobody has started (a mistaken publication); taken exams stay on record. */
export async function deleteExam(db: DB, scope: Scope, id: number): Promise<{ ok: true } | { ok: false; message: string }> {
	const exam = await getExam(db, scope, id);
	if (!exam) return { ok: false, message: '考试不存在' };
	return await db.transaction(async (tx) => {
		const n = (await tx.select({ n: count() }).from(examAttempts).where(eq(examAttempts.examId, id)).get())!.n;
		if (n > 0) return { ok: false as const, message: `已有 ${n} 人次作答，不能删除（考试记录须保留）` };
		await tx.update(exams).set({ makeupOf: null }).where(eq(exams.makeupOf, id)).run();
		await tx.delete(exams).where(eq(exams.id, id)).run();
		return { ok: true as const };
	});
}

export type ExamListRow = ExamSummary & { examinees: number; takers: number; passers: number };

/** Exams in scope, newest first, with how many people sit them, have taken them and passed. */
export async function listExams(db: DB, scope: Scope): Promise<ExamListRow[]> {
	const where: SQL | undefined = scope ? like(orgUnits.path, `${scope.pathPrefix}%`) : undefined;
	const rows = await db.select({ exam: exams, unitName: orgUnits.name, unitPath: orgUnits.path }).from(exams).innerJoin(orgUnits, eq(orgUnits.id, exams.unitId)).where(where).orderBy(desc(exams.opensAt), desc(exams.id)).all();
	const out: ExamListRow[] = [];
	for (const r of rows) {
		const examinees = (await db.select({ n: count() }).from(examineeIdsQuery(db, r.exam).as('x')).get())!.n;
		const attempts = await db.select({ userId: examAttempts.userId, passed: examAttempts.passed, closedAt: examAttempts.closedAt }).from(examAttempts).where(eq(examAttempts.examId, r.exam.id)).all();
		const takers = new Set(attempts.filter((a) => a.closedAt !== null).map((a) => a.userId)).size;
		const passers = new Set(attempts.filter((a) => a.passed).map((a) => a.userId)).size;
		out.push({ ...r.exam, unitName: r.unitName, unitPath: r.unitPath, examinees, takers, passers });
	}
	return out;
}

/** The named people of an exam, by username, with their notes (the edit form; the 任前 list). */
export async function examPeopleOf(db: DB, examId: number) {
	return await db
		.select({ id: users.id, name: users.name, username: users.username, note: examPeople.note, unitName: orgUnits.name })
		.from(examPeople)
		.innerJoin(users, eq(users.id, examPeople.userId))
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.where(eq(examPeople.examId, examId))
		.orderBy(asc(users.username))
		.all();
}

/** Titles of question sets, for describing sections. */
export async function setTitles(db: DB): Promise<Map<number, string>> {
	return new Map((await db.select({ id: questionSets.id, title: questionSets.title }).from(questionSets).all()).map((s) => [s.id, s.title]));
}

/**
 * A 补考 for those who failed or missed an exam that has closed: a new exam with the same paper
 * rules and settings (a new secret, so new papers), for exactly those people, in a new window.
 */
export async function createMakeup(db: DB, input: { scope: Scope; actorId: number; examId: number; opensAt: number; closesAt: number; now?: number }): Promise<SaveExamResult> {
	const now = input.now ?? Date.now();
	const exam = await getExam(db, input.scope, input.examId);
	if (!exam) return { ok: false, status: 404, errors: { _form: '考试不存在' } };
	if (now < exam.closesAt) return { ok: false, status: 400, errors: { _form: '考试结束后才能安排补考' } };
	const attempts = await db.select({ userId: examAttempts.userId, passed: examAttempts.passed }).from(examAttempts).where(eq(examAttempts.examId, exam.id)).all();
	const passed = new Set(attempts.filter((a) => a.passed).map((a) => a.userId));
	const examinees = (await examineeIdsQuery(db, exam).all()).map((r) => r.id);
	const ids = [...new Set([...examinees, ...attempts.map((a) => a.userId)])].filter((id) => !passed.has(id));
	if (!ids.length) return { ok: false, status: 400, errors: { _form: '全部参考人员都已合格，无需补考' } };
	// People who have since left the unit's subtree are not the unit's to examine any more.
	const people = await db
		.select({ username: users.username })
		.from(users)
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.where(and(inArray(users.id, ids), isNull(users.disabledAt), like(orgUnits.path, `${exam.unitPath}%`)))
		.all();
	if (!people.length) return { ok: false, status: 400, errors: { _form: '需要补考的人员都已不在本单位，无法安排补考' } };
	const notes = new Map((await db.select({ userId: examPeople.userId, note: examPeople.note }).from(examPeople).where(eq(examPeople.examId, exam.id)).all()).map((p) => [p.userId, p.note]));
	const result = await saveExam(db, {
		scope: input.scope,
		actorId: input.actorId,
		now,
		draft: {
			title: `${exam.title}（补考）`.slice(0, EXAM_TITLE_MAX),
			description: exam.description,
			unitId: exam.unitId,
			audience: 'named',
			usernames: people.map((p) => p.username),
			batch: null,
			paperMode: exam.paperMode,
			sections: exam.sections,
			shuffleOptions: exam.shuffleOptions,
			opensAt: input.opensAt,
			closesAt: input.closesAt,
			timeLimitMinutes: exam.timeLimitMinutes,
			attemptsAllowed: exam.attemptsAllowed,
			passScore: exam.passScore,
			showAnswers: exam.showAnswers,
			autoSubmitLeaves: exam.autoSubmitLeaves
		}
	});
	if (!result.ok) return result;
	await db.transaction(async (tx) => {
		await tx.update(exams).set({ makeupOf: exam.id }).where(eq(exams.id, result.id)).run();
		// A 任前 candidate's post goes with them into the 补考.
		for (const [userId, note] of notes) if (note && ids.includes(userId)) await tx.update(examPeople).set({ note }).where(and(eq(examPeople.examId, result.id), eq(examPeople.userId, userId))).run();
	});
	return result;
}
