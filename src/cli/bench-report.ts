// npm run bench:report [-- --people 50000 --events 10000000 --runs 5 --keep]
// Fills a fresh temporary database with an organization of --people people in ~500 units and
// --events event rows (attendances, reading check-ins and quiz attempts over three years), then
// builds the report roll-ups from them, then times the yearly report for the whole tree and for one
// branch (median of --runs runs) beside a plain SELECT count(*) over the same rows, measured in the
// same run, interleaved. Prints JSON.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '../..');
process.env.MIGRATIONS_DIR ??= join(root, 'drizzle');

const { openSqlite } = await import('../lib/server/db/sqlite.ts');
const { computeReport } = await import('../lib/server/reports/report.ts');
const { localDate, parseLocalDate } = await import('../lib/time.ts');
const { syncCourseCompletions } = await import('../lib/server/learning/completions.ts');
const { rebuildReportRollups } = await import('../lib/server/reports/rollups.ts');

const { values: args } = parseArgs({
	options: {
		people: { type: 'string', default: '50000' },
		events: { type: 'string', default: '10000000' },
		runs: { type: 'string', default: '5' },
		keep: { type: 'boolean', default: false }
	}
});
const PEOPLE = Number(args.people);
const EVENTS = Number(args.events);
const RUNS = Math.max(1, Number(args.runs));
if (!Number.isInteger(PEOPLE) || PEOPLE < 10 || !Number.isInteger(EVENTS) || EVENTS < 100) {
	console.error('用法：npm run bench:report -- [--people 人数(≥10)] [--events 事件行数(≥100)] [--runs 次数] [--keep]');
	process.exit(1);
}

// Deterministic pseudo-random numbers (mulberry32), so every run fills the same data.
let seed = 20260101;
function random(): number {
	seed = (seed + 0x6d2b79f5) | 0;
	let t = seed;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];

const dir = mkdtempSync(join(tmpdir(), 'qf-bench-'));
const file = join(dir, 'bench.db');
const engine = openSqlite(file);
await engine.migrate();
const db = engine.db;
const sqlite = engine.handle;
// Bulk-load settings for the fill only; the timings below run with the app's normal settings.
sqlite.pragma('journal_mode = OFF');
sqlite.pragma('synchronous = OFF');
sqlite.pragma('cache_size = -1000000');

const now = new Date();
const year = Number(localDate(now).slice(0, 4));
const spanStart = parseLocalDate(`${year - 2}-01-01`)!.getTime();
const spanEnd = now.getTime();
const randomTime = (from = spanStart, to = spanEnd) => Math.floor(from + random() * (to - from));

const fillStarted = performance.now();

// ---- Org tree: 1 root, 10 党委, 50 党总支, 450 党支部 = 511 units ----
type Unit = { id: number; path: string; level: number; members: number[] };
const units: Unit[] = [];
const insertUnit = sqlite.prepare('insert into org_units (parent_id, name, kind, path, sort_order, created_at) values (?, ?, ?, ?, ?, ?)');
const setPath = sqlite.prepare('update org_units set path = ? where id = ?');
function addUnit(parent: Unit | null, name: string, kind: string, order: number): Unit {
	const id = Number(insertUnit.run(parent?.id ?? null, name, kind, '', order, spanStart).lastInsertRowid);
	const path = `${parent?.path ?? '/'}${id}/`;
	setPath.run(path, id);
	const unit = { id, path, level: parent ? parent.level + 1 : 0, members: [] };
	units.push(unit);
	return unit;
}
sqlite.transaction(() => {
	const top = addUnit(null, '测试市纪委监委', '党委', 0);
	for (let a = 1; a <= 10; a++) {
		const committee = addUnit(top, `第${a}党委`, '党委', a);
		for (let b = 1; b <= 5; b++) {
			const general = addUnit(committee, `第${b}党总支`, '党总支', b);
			for (let c = 1; c <= 9; c++) addUnit(general, `第${c}党支部`, '党支部', c);
		}
	}
})();
const branches = units.filter((u) => u.level === 3);
const upper = units.filter((u) => u.level < 3);

// ---- People: mostly in 党支部, a few directly in upper units ----
const insertUser = sqlite.prepare(
	'insert into users (username, name, org_unit_id, role, title, is_leader, password_hash, must_change_password, created_at) values (?, ?, ?, ?, ?, ?, ?, 0, ?)'
);
const people: { id: number; unit: Unit }[] = [];
sqlite.transaction(() => {
	for (let i = 0; i < PEOPLE; i++) {
		const unit = random() < 0.03 ? pick(upper) : pick(branches);
		const leader = random() < 0.08 ? 1 : 0;
		const id = Number(insertUser.run(`b${String(i + 1).padStart(6, '0')}`, `人员${i + 1}`, unit.id, 'learner', '', leader, '!', spanStart).lastInsertRowid);
		people.push({ id, unit });
		unit.members.push(id);
	}
})();
const subtreeMembers = (u: Unit) => units.filter((x) => x.path.startsWith(u.path)).flatMap((x) => x.members);

// ---- Courses: 40 courses of 6 lessons, each with a quiz ----
const COURSES = 40;
const LESSONS = 6;
const courses: { lessons: { id: number; version: number }[]; set: number }[] = [];
sqlite.transaction(() => {
	const c = sqlite.prepare("insert into courses (slug, title, source_path, content_hash, sort_order, updated_at) values (?, ?, ?, 'h', ?, ?)");
	const l = sqlite.prepare('insert into lessons (course_id, slug, ordinal, title, min_read_seconds) values (?, ?, ?, ?, ?)');
	const v = sqlite.prepare("insert into lesson_versions (lesson_id, content_hash, body_html, char_count, created_at) values (?, 'h', '', 1000, ?)");
	const cur = sqlite.prepare('update lessons set current_version_id = ? where id = ?');
	const q = sqlite.prepare("insert into question_sets (slug, kind, course_id, title, pass_score, source_path, content_hash) values (?, 'course-quiz', ?, ?, 80, ?, 'h')");
	for (let i = 1; i <= COURSES; i++) {
		const courseId = Number(c.run(`bench-${i}`, `测试课程${i}`, `bench/${i}`, i, spanStart).lastInsertRowid);
		const lessons = [];
		for (let j = 1; j <= LESSONS; j++) {
			const id = Number(l.run(courseId, `l${j}`, j, `第${j}课`, 120 + 60 * (j % 4)).lastInsertRowid);
			const version = Number(v.run(id, spanStart).lastInsertRowid);
			cur.run(version, id);
			lessons.push({ id, version });
		}
		const set = Number(q.run(`bench-${i}-quiz`, courseId, `测试课程${i}测验`, `bench/${i}/quiz.md`).lastInsertRowid);
		courses.push({ lessons, set });
	}
})();

// ---- Activities and attendances (30% of the events) ----
const ATTEND_BUDGET = Math.floor(EVENTS * 0.3);
const CHECKIN_BUDGET = Math.floor(EVENTS * 0.4);
const ATTEMPT_BUDGET = EVENTS - ATTEND_BUDGET - CHECKIN_BUDGET;
const OFFLINE_KINDS = ['集中学习', '专题党课', '警示教育片', '参观廉政教育基地', '主题党日', '谈心谈话', '知识竞赛', '其他'];
const insertActivity = sqlite.prepare(
	"insert into activities (kind, source, title, unit_id, starts_at, ends_at, place, speaker, notes, checkin_grace_minutes, created_at, updated_at, cancelled_at, cancel_reason) values (?, ?, ?, ?, ?, ?, '', '', '', 30, ?, ?, ?, '')"
);
const insertReadingList = sqlite.prepare("insert into reading_lists (activity_id, audience, start_date, due_date) values (?, 'all', ?, ?)");
const insertAttendance = sqlite.prepare('insert into attendances (activity_id, user_id, method, at, member_unit_id) values (?, ?, ?, ?, ?)');
let attendanceRows = 0;
let activityRows = 0;
// Expected attendances per session: branches hold most sessions, with ~85% of their members.
const branchSessionsPerYear = Math.max(1, Math.round((ATTEND_BUDGET * 0.85) / (0.85 * PEOPLE * 0.97) / 3));
function holdSession(unit: Unit, kind: string, source: 'offline' | 'reading-list', rate: number, members: number[]) {
	const start = randomTime();
	const end = source === 'reading-list' ? start + 30 * 86_400_000 : start + 2 * 3_600_000;
	const cancelled = source === 'offline' && random() < 0.03 ? start - 86_400_000 : null;
	const id = Number(insertActivity.run(kind, source, `${kind}活动`, unit.id, start, end, start, start, cancelled).lastInsertRowid);
	activityRows++;
	if (source === 'reading-list') insertReadingList.run(id, localDate(new Date(start)), localDate(new Date(end)));
	const method = source === 'reading-list' ? 'reading-list' : random() < 0.6 ? 'qr' : 'organizer';
	for (const userId of members) {
		if (attendanceRows >= ATTEND_BUDGET) return;
		if (random() < rate) {
			insertAttendance.run(id, userId, method, start + Math.floor(random() * 3_600_000), unit.id);
			attendanceRows++;
		}
	}
}
sqlite.transaction(() => {
	for (const u of upper) {
		const members = subtreeMembers(u);
		const sessions = u.level === 0 ? 12 : u.level === 1 ? 12 : 18;
		const rate = u.level === 0 ? 0.02 : u.level === 1 ? 0.1 : 0.3;
		for (let i = 0; i < sessions && attendanceRows < ATTEND_BUDGET; i++) holdSession(u, pick(OFFLINE_KINDS), 'offline', rate, members);
		if (u.level === 1) for (let y = 0; y < 3; y++) holdSession(u, pick(['读书思廉', '专题学习']), 'reading-list', 0.5, members);
	}
	for (let round = 0; attendanceRows < ATTEND_BUDGET && round < 1000; round++) {
		for (const b of branches) {
			if (attendanceRows >= ATTEND_BUDGET) break;
			for (let i = 0; i < branchSessionsPerYear; i++) holdSession(b, pick(OFFLINE_KINDS), 'offline', 0.85, b.members);
		}
	}
})();

// ---- Reading check-ins (40%) and quiz attempts (30%): people work through courses in order ----
const insertCheckin = sqlite.prepare('insert into reading_checkins (user_id, lesson_id, lesson_version_id, opened_at, signed_at) values (?, ?, ?, ?, ?)');
const insertAttempt = sqlite.prepare(
	"insert into quiz_attempts (user_id, set_id, set_hash, question_ids, started_at, submitted_at, correct_count, total_count, score, pass_score, passed) values (?, ?, 'h', '[]', ?, ?, ?, 10, ?, 80, ?)"
);
let checkinRows = 0;
let attemptRows = 0;
const checkinsPerPerson = CHECKIN_BUDGET / PEOPLE;
const attemptsPerPerson = ATTEMPT_BUDGET / PEOPLE;
const BATCH = 2000;
for (let startIndex = 0; startIndex < people.length; startIndex += BATCH) {
	sqlite.transaction(() => {
		for (let index = startIndex; index < Math.min(people.length, startIndex + BATCH); index++) {
			const person = people[index];
			const myCheckins = Math.min(COURSES * LESSONS, Math.round(checkinsPerPerson * (index + 1)) - Math.round(checkinsPerPerson * index));
			const myAttempts = Math.round(attemptsPerPerson * (index + 1)) - Math.round(attemptsPerPerson * index);
			const order = [...courses.keys()].sort(() => random() - 0.5);
			const coursesTaken = Math.max(1, Math.ceil(myCheckins / LESSONS));
			const attemptsPerCourse = myAttempts / coursesTaken;
			let signed = 0;
			for (let k = 0; k < coursesTaken && k < order.length; k++) {
				const course = courses[order[k]];
				let t = randomTime();
				for (const lesson of course.lessons) {
					if (signed >= myCheckins || checkinRows >= CHECKIN_BUDGET) break;
					t += 600_000 + Math.floor(random() * 86_400_000);
					insertCheckin.run(person.id, lesson.id, lesson.version, t - 300_000, t);
					signed++;
					checkinRows++;
				}
				const want = Math.round(attemptsPerCourse * (k + 1)) - Math.round(attemptsPerCourse * k);
				for (let a = 0; a < want && attemptRows < ATTEMPT_BUDGET; a++) {
					t += 60_000 + Math.floor(random() * 86_400_000);
					const correct = 4 + Math.floor(random() * 7);
					insertAttempt.run(person.id, course.set, t - 600_000, t, correct, correct * 10, correct >= 8 ? 1 : 0);
					attemptRows++;
				}
			}
		}
	})();
}
const fillSeconds = (performance.now() - fillStarted) / 1000;
// Course completions are recorded as they happen in the app; a bulk fill records them afterwards.
const backfillStarted = performance.now();
const completionRows = await syncCourseCompletions(db);
const completionBackfillSeconds = (performance.now() - backfillStarted) / 1000;
// The report roll-ups, derived from all the event rows at once (the app derives them as it goes).
const rollupStarted = performance.now();
await rebuildReportRollups(db);
const rollupBuildSeconds = (performance.now() - rollupStarted) / 1000;
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('synchronous = NORMAL');

// ---- Timings ----
function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)];
}
async function time<T>(fn: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
	const t = performance.now();
	const result = await fn();
	return { ms: performance.now() - t, result };
}
type Timed<T> = { medianMs: number; runsMs: number[]; result: T };
async function timedTogether<F extends readonly (() => unknown)[]>(fns: F): Promise<{ [K in keyof F]: Timed<Awaited<ReturnType<F[K]>>> }> {
	const out = fns.map(() => ({ medianMs: 0, runsMs: [] as number[], result: undefined as unknown }));
	for (let i = 0; i < RUNS; i++) {
		for (const [k, fn] of fns.entries()) {
			const r = await time(fn);
			out[k].runsMs.push(Math.round(r.ms * 10) / 10);
			out[k].result = r.result;
		}
	}
	for (const o of out) o.medianMs = median(o.runsMs);
	return out as { [K in keyof F]: Timed<Awaited<ReturnType<F[K]>>> };
}

const from = `${year}-01-01`;
const to = localDate(now);
const fromMs = parseLocalDate(from)!.getTime();
const toMs = parseLocalDate(to)!.getTime() + 86_400_000;
const countAll = sqlite.prepare('select (select count(*) from attendances) + (select count(*) from reading_checkins) + (select count(*) from quiz_attempts) as n');
const countYear = sqlite.prepare(
	`select (select count(*) from attendances t join activities a on a.id = t.activity_id where a.starts_at >= @from and a.starts_at < @to)
	      + (select count(*) from reading_checkins where signed_at >= @from and signed_at < @to)
	      + (select count(*) from quiz_attempts where submitted_at >= @from and submitted_at < @to) as n`
);
const branch = upper.find((u) => u.level === 1)!;
// Interleaved (report, branch, count, count; again), so a busy moment of a shared machine falls on
// the report and its baseline alike.
const [wholeTree, oneBranch, countAllRows, countYearRows] = await timedTogether([
	() => computeReport(db, { unitId: units[0].id, from, to }),
	() => computeReport(db, { unitId: branch.id, from, to }),
	() => (countAll.get() as { n: number }).n,
	() => (countYear.get({ from: fromMs, to: toMs }) as { n: number }).n
] as const);

const figures = (r: Awaited<ReturnType<typeof computeReport>>) => ({
	activities: r.total.activities,
	attendances: r.total.attendances,
	reached: r.total.reached,
	rate: r.total.rate,
	checkins: r.total.checkins,
	courseCompletions: r.total.courseCompletions,
	quizAttempts: r.total.quizAttempts,
	quizAverage: r.total.quizAverage,
	hours: r.total.hours
});

const result = {
	people: PEOPLE,
	units: units.length,
	activities: activityRows,
	eventRows: { total: attendanceRows + checkinRows + attemptRows, attendances: attendanceRows, readingCheckins: checkinRows, quizAttempts: attemptRows },
	span: `${year - 2}-01-01..${to}`,
	fillSeconds: Math.round(fillSeconds * 10) / 10,
	courseCompletionsRecorded: completionRows,
	completionBackfillSeconds: Math.round(completionBackfillSeconds * 10) / 10,
	rollupBuildSeconds: Math.round(rollupBuildSeconds * 10) / 10,
	databaseMB: Math.round(statSync(file).size / 1048576),
	period: `${from}..${to}`,
	runs: RUNS,
	reportWholeTreeMs: wholeTree.medianMs,
	reportWholeTreeRunsMs: wholeTree.runsMs,
	reportOneBranchMs: oneBranch.medianMs,
	reportOneBranchRunsMs: oneBranch.runsMs,
	countStarAllEventRowsMs: countAllRows.medianMs,
	countStarAllEventRows: countAllRows.result,
	countStarPeriodEventRowsMs: countYearRows.medianMs,
	countStarPeriodEventRows: countYearRows.result,
	/** The whole-tree report's median over the period's count(*): the aim is at most 2. */
	wholeTreeOverCountStar: Math.round((wholeTree.medianMs / countYearRows.medianMs) * 100) / 100,
	wholeTreeFigures: figures(wholeTree.result),
	oneBranchFigures: figures(oneBranch.result)
};
console.log(JSON.stringify(result, null, 2));
await engine.close();
if (args.keep) console.error(`数据库保留在 ${file}`);
else rmSync(dir, { recursive: true, force: true });
