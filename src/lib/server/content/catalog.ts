import { and, asc, eq } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { courses, lessons, questionSets } from '../db/schema/index.ts';
import { courseQuizSlug } from './courses/load.ts';

// The courses, their lessons and quizzes as every page needs them, kept in memory: they change
// only when content is loaded or edited in the console, while every page view asks for them.
// Whatever writes content calls contentChanged(); every process hears it (engine.notify, also
// across processes on PostgreSQL) and reads the catalog again on its next use. Event rows (who
// read or passed what) are never cached here.

export type CatalogLesson = { id: number; courseId: number; slug: string; title: string; ordinal: number; minReadSeconds: number; currentVersionId: number | null };
export type CatalogQuiz = { id: number; slug: string; passScore: number };
export type CatalogCourse = {
	id: number;
	slug: string;
	title: string;
	summary: string;
	category: string;
	/** Active lessons in reading order. */
	lessons: CatalogLesson[];
	/** The active course quiz, if the course has one. */
	quiz: CatalogQuiz | null;
};

export type ContentCatalog = {
	/** Active courses in catalogue order. */
	courses: CatalogCourse[];
	courseById: Map<number, CatalogCourse>;
	courseBySlug: Map<string, CatalogCourse>;
	/** Active lessons of active courses. */
	lessonById: Map<number, CatalogLesson>;
};

const CHANNEL = 'content_changed';

type Holder = { catalog: Promise<ContentCatalog> | null; memo: Map<string, Promise<unknown>>; generation: number; listening: boolean; since: number };
const holders = new WeakMap<DB, Holder>();

function holderOf(db: DB): Holder {
	let h = holders.get(db);
	if (!h) holders.set(db, (h = { catalog: null, memo: new Map(), generation: 0, listening: false, since: Date.now() }));
	return h;
}

function forget(h: Holder) {
	h.generation++;
	h.since = Date.now();
	h.catalog = null;
	h.memo.clear();
}

/** Whether this process hears of content changes; only then is anything kept. */
async function listen(db: DB, h: Holder): Promise<boolean> {
	if (h.listening) return true;
	try {
		// Any message (also the empty one after PostgreSQL's listen connection comes back) may mean a change.
		await db.$engine.listen(CHANNEL, () => forget(h));
		h.listening = true;
		return true;
	} catch {
		return false; // tried again on the next use; until then content is read every time
	}
}

/**
 * A safety net under the notifications: whatever is kept is read again after KEEP_MS even if no
 * message came (a LISTEN connection silently cut by a firewall, a proxy without LISTEN).
 */
const KEEP_MS = 60_000;
function expire(h: Holder) {
	if (Date.now() - h.since > KEEP_MS) forget(h);
}

async function readCatalog(db: DB): Promise<ContentCatalog> {
	const courseRows = await db
		.select({ id: courses.id, slug: courses.slug, title: courses.title, summary: courses.summary, category: courses.category })
		.from(courses)
		.where(eq(courses.active, true))
		.orderBy(asc(courses.sortOrder), asc(courses.slug))
		.all();
	const lessonRows = await db
		.select({ id: lessons.id, courseId: lessons.courseId, slug: lessons.slug, title: lessons.title, ordinal: lessons.ordinal, minReadSeconds: lessons.minReadSeconds, currentVersionId: lessons.currentVersionId })
		.from(lessons)
		.where(eq(lessons.active, true))
		.orderBy(asc(lessons.ordinal), asc(lessons.slug))
		.all();
	const quizRows = await db
		.select({ id: questionSets.id, slug: questionSets.slug, passScore: questionSets.passScore })
		.from(questionSets)
		.where(and(eq(questionSets.kind, 'course-quiz'), eq(questionSets.active, true)))
		.all();
	const quizBySlug = new Map(quizRows.map((q) => [q.slug, q]));
	const list: CatalogCourse[] = courseRows.map((c) => ({ ...c, lessons: lessonRows.filter((l) => l.courseId === c.id), quiz: quizBySlug.get(courseQuizSlug(c.slug)) ?? null }));
	return {
		courses: list,
		courseById: new Map(list.map((c) => [c.id, c])),
		courseBySlug: new Map(list.map((c) => [c.slug, c])),
		lessonById: new Map(list.flatMap((c) => c.lessons.map((l) => [l.id, l] as const)))
	};
}

/** The catalog, read from the database on first use after a change. */
export async function contentCatalog(db: DB): Promise<ContentCatalog> {
	const h = holderOf(db);
	// Inside a transaction the catalog may be about to change (or be rolled back): read it as it is there.
	if (db.$engine.inTransaction() || !(await listen(db, h))) return await readCatalog(db);
	expire(h);
	if (h.catalog) return h.catalog;
	const generation = h.generation;
	const reading = readCatalog(db);
	h.catalog = reading;
	try {
		return await reading;
	} catch (err) {
		if (h.catalog === reading) h.catalog = null;
		throw err;
	} finally {
		// A change heard while reading may not be in what was read: read again next time.
		if (h.generation !== generation && h.catalog === reading) h.catalog = null;
	}
}

/**
 * Content read through `load` (a regulation's text, a lesson's body), kept under `key` until the
 * next content change. Only what was found is kept (a mistyped address does not fill memory).
 * Callers must treat the value as read-only: every request shares it.
 */
export async function contentMemo<T>(db: DB, key: string, load: () => Promise<T | undefined | null>): Promise<T | undefined | null> {
	const h = holderOf(db);
	if (db.$engine.inTransaction() || !(await listen(db, h))) return await load();
	expire(h);
	const kept = h.memo.get(key) as Promise<T> | undefined;
	if (kept) return await kept;
	const generation = h.generation;
	const value = await load();
	if (value !== undefined && value !== null && h.generation === generation) h.memo.set(key, Promise.resolve(value));
	return value;
}

/**
 * Call after writing courses, lessons or question sets (inside the transaction is fine: the
 * message goes out at commit). This process forgets at once; the others when they hear it.
 */
export async function contentChanged(db: DB): Promise<void> {
	const h = holderOf(db);
	forget(h);
	// Again at commit: a request of this process may have kept the old content in between.
	db.$engine.afterCommit(() => forget(h));
	await db.$engine.notify(CHANNEL, '');
}
