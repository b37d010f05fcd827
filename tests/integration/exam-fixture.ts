// Shared set-up for the exam tests: a branch with people, the sample regulation loaded (the demo
// bank cites it), the demo question bank, and helpers to answer a paper right or wrong.
import { and, eq, inArray } from 'drizzle-orm';
import type { DB } from '../../src/lib/server/db/client.ts';
import { examAttempts, questions, users, type ExamSection } from '../../src/lib/server/db/schema/index.ts';
import { createUnit } from '../../src/lib/server/org/units.ts';
import { loadContent } from '../../src/lib/server/content/index.ts';
import { seedDemoBank } from '../../src/lib/server/demo/exams.ts';
import { saveExam, type ExamDraft } from '../../src/lib/server/exams/exams.ts';
import { displayLetter } from '../../src/lib/server/exams/paper.ts';
import type { PersonRef } from '../../src/lib/server/exams/audience.ts';

export const T0 = Date.UTC(2026, 10, 2, 1, 0); // 2026-11-02 09:00 China time
export const MIN = 60_000;

export type ExamFixture = {
	db: DB;
	bankId: number;
	root: { id: number; path: string };
	branch: { id: number; path: string };
	other: { id: number; path: string };
	organizer: PersonRef & { username: string };
	people: (PersonRef & { username: string; name: string })[];
	outsider: PersonRef & { username: string };
	newExam: (patch?: Partial<ExamDraft>) => Promise<number>;
};

export function sections(bankId: number, counts: { single?: number; multiple?: number; truefalse?: number; fill?: number } = { single: 3, multiple: 2, truefalse: 2, fill: 1 }): ExamSection[] {
	const base = { setIds: [bankId], category: '', regulation: '', chapter: '', difficulty: '' as const };
	const out: ExamSection[] = [];
	if (counts.single) out.push({ ...base, title: '单选', type: 'single', count: counts.single, points: 10 });
	if (counts.multiple) out.push({ ...base, title: '多选', type: 'multiple', count: counts.multiple, points: 15 });
	if (counts.truefalse) out.push({ ...base, title: '判断', type: 'truefalse', count: counts.truefalse, points: 5 });
	if (counts.fill) out.push({ ...base, title: '填空', type: 'fill', count: counts.fill, points: 10 });
	return out;
}

export async function setupExams(db: DB): Promise<ExamFixture> {
	const report = await loadContent(db, 'tests/e2e/fixtures/content');
	if (report.errors.length) throw new Error(JSON.stringify(report.errors));
	const root = await createUnit(db, { parentId: null, name: '考试测试委员会', kind: '党委' });
	const branch = await createUnit(db, { parentId: root.id, name: '第一党支部', kind: '党支部' });
	const other = await createUnit(db, { parentId: root.id, name: '第二党支部', kind: '党支部' });
	const insert = async (username: string, name: string, unitId: number, role: 'learner' | 'organizer' = 'learner', isLeader = false) => {
		const row = await db.insert(users).values({ username, name, orgUnitId: unitId, role, isLeader, passwordHash: 'x', mustChangePassword: false }).returning().get();
		return { id: row.id, username, name, orgUnitId: unitId, isLeader, role };
	};
	const organizer = await insert('exam-org', '组织员', root.id, 'organizer');
	const people = [await insert('exam-a', '甲', branch.id), await insert('exam-b', '乙', branch.id), await insert('exam-c', '丙', branch.id, 'learner', true)];
	const outsider = await insert('exam-x', '外', other.id);
	const bankId = await seedDemoBank(db);
	const newExam = async (patch: Partial<ExamDraft> = {}) => {
		const result = await saveExam(db, {
			scope: null,
			actorId: organizer.id,
			now: T0 - 60 * MIN,
			draft: {
				title: '测试考试',
				description: '',
				unitId: branch.id,
				audience: 'all',
				usernames: [],
				batch: null,
				paperMode: 'random',
				sections: sections(bankId),
				shuffleOptions: true,
				opensAt: T0,
				closesAt: T0 + 24 * 60 * MIN,
				timeLimitMinutes: 30,
				attemptsAllowed: 1,
				passScore: 60,
				showAnswers: true,
				autoSubmitLeaves: null,
				...patch
			}
		});
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		return result.id;
	};
	return { db, bankId, root, branch, other, organizer, people, outsider, newExam };
}

/** The values a page sends for each question of a person's open attempt: right (or wrong) answers in the letters shown. */
export async function answersFor(db: DB, examId: number, userId: number, right: (n: number) => boolean) {
	const attempt = (await db.select().from(examAttempts).where(and(eq(examAttempts.examId, examId), eq(examAttempts.userId, userId))).orderBy(examAttempts.number).all()).at(-1)!;
	const qs = new Map((await db.select().from(questions).where(inArray(questions.id, attempt.paper.map((p) => p.questionId))).all()).map((q) => [q.id, q]));
	return attempt.paper.map((item, i) => {
		const q = qs.get(item.questionId)!;
		const ok = right(i);
		let values: string[];
		if (q.type === 'fill') values = (q.answer as string[][]).map((alts) => (ok ? alts[0] : '错答'));
		else if (q.type === 'truefalse') values = [ok ? (q.answer as string[])[0] : (q.answer as string[])[0] === 'true' ? 'false' : 'true'];
		else values = ok ? (q.answer as string[]).map((k) => displayLetter(item.options.indexOf(k))) : [displayLetter(item.options.findIndex((k) => !(q.answer as string[]).includes(k)))];
		return { questionId: q.id, values, points: item.points, refs: q.refs, type: q.type };
	});
}
