import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { questions, questionSets, regulationArticles, regulations, type ExamSection } from '../db/schema/index.ts';
import { knownCitation, parseRef } from '../content/refs.ts';
import type { Candidate } from './paper.ts';
import { QUESTION_TYPE_LABELS, type QuestionType } from '../../vocabulary.ts';

// The questions a section of a paper may draw from: active questions of the chosen sets (all sets
// when none is chosen), filtered by type, difficulty, category and the regulation / chapter they
// cite. The rule is kept as written, so each start draws from the banks as they are then.

type Row = { id: number; setId: number; type: QuestionType; options: { key: string }[]; refs: string[]; category: string; difficulty: string };

async function activeQuestions(db: DB): Promise<Row[]> {
	return await db
		.select({ id: questions.id, setId: questions.setId, type: questions.type, options: questions.options, refs: questions.refs, category: questions.category, difficulty: questions.difficulty })
		.from(questions)
		.innerJoin(questionSets, eq(questionSets.id, questions.setId))
		.where(and(eq(questions.active, true), eq(questionSets.active, true)))
		.orderBy(asc(questions.id))
		.all();
}

/** Article numbers of one chapter of a loaded regulation (by its chapter title as printed). */
async function chapterArticles(db: DB, slug: string, chapter: string): Promise<Set<number>> {
	const rows = await db
		.select({ number: regulationArticles.number })
		.from(regulationArticles)
		.innerJoin(regulations, eq(regulations.id, regulationArticles.regulationId))
		.where(and(eq(regulations.slug, slug), eq(regulationArticles.chapterTitle, chapter)))
		.all();
	return new Set(rows.map((r) => r.number));
}

function toCandidate(r: Row): Candidate {
	return { id: r.id, type: r.type, optionKeys: r.options.map((o) => o.key) };
}

/** The candidates of each section, in order. */
export async function sectionCandidates(db: DB, sections: ExamSection[]): Promise<Candidate[][]> {
	const all = await activeQuestions(db);
	const out: Candidate[][] = [];
	for (const s of sections) {
		const chapter = s.regulation && s.chapter ? await chapterArticles(db, s.regulation, s.chapter) : null;
		const matches = all.filter((q) => {
			if (s.setIds.length && !s.setIds.includes(q.setId)) return false;
			if (s.type && q.type !== s.type) return false;
			if (s.difficulty && q.difficulty !== s.difficulty) return false;
			if (s.category && q.category !== s.category) return false;
			if (s.regulation) {
				const cited = q.refs.map(parseRef).filter((r) => r !== null && r.slug === s.regulation);
				if (!cited.length) return false;
				if (chapter && !cited.some((r) => chapter.has(r!.number))) return false;
			}
			return true;
		});
		out.push(matches.map(toCandidate));
	}
	return out;
}

/** Candidates of given question ids (a fixed paper's), by id. */
export async function candidatesById(db: DB, ids: number[]): Promise<Map<number, Candidate>> {
	if (!ids.length) return new Map();
	const rows = await db
		.select({ id: questions.id, setId: questions.setId, type: questions.type, options: questions.options, refs: questions.refs, category: questions.category, difficulty: questions.difficulty })
		.from(questions)
		.where(inArray(questions.id, ids))
		.all();
	return new Map(rows.map((r) => [r.id, toCandidate(r)]));
}

export type RuleChoices = {
	sets: { id: number; title: string; kind: string; count: number }[];
	categories: string[];
	/** `slug` for a whole regulation, `slug::chapter` for one chapter of a loaded one. */
	regulations: { value: string; label: string }[];
};

const SET_KIND_LABELS: Record<string, string> = { bank: '题库', 'course-quiz': '课程测验', competition: '竞赛题库' };

/** What the rule fields of the exam form offer: sets with their sizes, categories, cited regulations and their chapters. */
export async function ruleChoices(db: DB): Promise<RuleChoices> {
	const all = await activeQuestions(db);
	const sets = await db.select({ id: questionSets.id, title: questionSets.title, kind: questionSets.kind }).from(questionSets).where(eq(questionSets.active, true)).orderBy(asc(questionSets.kind), asc(questionSets.title)).all();
	const sizes = new Map<number, number>();
	for (const q of all) sizes.set(q.setId, (sizes.get(q.setId) ?? 0) + 1);
	const categories = [...new Set(all.map((q) => q.category).filter(Boolean))].sort();
	const cited = new Set(all.flatMap((q) => q.refs.map(parseRef).flatMap((r) => (r ? [r.slug] : []))));
	const loaded = await db.select({ id: regulations.id, slug: regulations.slug, title: regulations.title }).from(regulations).where(eq(regulations.active, true)).all();
	const options: { value: string; label: string }[] = [];
	for (const r of loaded.filter((l) => cited.has(l.slug))) {
		const title = r.title.includes('《') ? r.title : `《${r.title}》`;
		options.push({ value: r.slug, label: `${title}（全部）` });
		const ordered = await db.select({ chapter: regulationArticles.chapterTitle, ordinal: regulationArticles.ordinal }).from(regulationArticles).where(eq(regulationArticles.regulationId, r.id)).orderBy(asc(regulationArticles.ordinal)).all();
		const order = new Map<string, number>();
		for (const o of ordered) if (!order.has(o.chapter)) order.set(o.chapter, o.ordinal);
		// Chapters in the order of the text (the first article of each).
		for (const c of [...order.keys()].filter(Boolean)) {
			options.push({ value: `${r.slug}::${c}`, label: `${title} · ${c}` });
		}
	}
	for (const slug of [...cited].filter((s) => !loaded.some((l) => l.slug === s)).sort()) {
		options.push({ value: slug, label: `${knownCitation(slug) ?? slug}（原文未导入，按题目依据）` });
	}
	return {
		sets: sets.filter((s) => sizes.has(s.id)).map((s) => ({ id: s.id, title: `${SET_KIND_LABELS[s.kind] ?? ''}：${s.title}`, kind: s.kind, count: sizes.get(s.id) ?? 0 })),
		categories,
		regulations: options
	};
}

/** A section in words, for the exam pages: "单选题 · 难度中 · 10 题 × 2 分". */
export function describeSection(s: ExamSection, setTitles: Map<number, string>, regulationLabels: Map<string, string>): string {
	const parts: string[] = [];
	if (s.setIds.length) parts.push(s.setIds.map((id) => setTitles.get(id) ?? `题库 ${id}`).join('、'));
	else parts.push('全部题库');
	if (s.type) parts.push(QUESTION_TYPE_LABELS[s.type]);
	if (s.difficulty) parts.push({ easy: '难度易', medium: '难度中', hard: '难度难' }[s.difficulty]);
	if (s.category) parts.push(`分类“${s.category}”`);
	if (s.regulation) parts.push(regulationLabels.get(s.chapter ? `${s.regulation}::${s.chapter}` : s.regulation) ?? s.regulation);
	return `${parts.join(' · ')}：${s.count} 题 × ${s.points} 分`;
}
