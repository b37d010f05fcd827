// npm run content:check [-- --json]
// Validates the content directory the app would load (CONTENT_DIR, default ./content) by loading
// it into a throw-away in-memory database with the app's own loader, then prints a summary.
// Exit code 1 when any file has an error, so CI and editors can rely on it.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
// The migrations live beside this script, wherever it is run from.
process.env.MIGRATIONS_DIR ??= join(root, 'drizzle');

const json = process.argv.includes('--json');
const dir = resolve(process.env.CONTENT_DIR ?? 'content');

const { openDatabase } = await import('../lib/server/db/client.ts');
const { loadContent } = await import('../lib/server/content/index.ts');
const { regulationSummaries } = await import('../lib/server/content/regulations/queries.ts');
const { formatIssue } = await import('../lib/server/content/issues.ts');
const { checkCitations } = await import('../lib/server/content/citations.ts');
const { and, asc, count, eq } = await import('drizzle-orm');
const { courses, lessons, questionSets, questions } = await import('../lib/server/db/schema/index.ts');

type Issue = { file: string; line: number | null; message: string };

// An in-memory SQLite database: the check must not touch (or need) the app's data.
const db = openDatabase(':memory:');
await db.$engine.migrate();
const errors: Issue[] = [];
const warnings: Issue[] = [];
if (!existsSync(dir) || !statSync(dir).isDirectory()) {
	errors.push({ file: dir, line: null, message: '内容目录不存在（请检查 CONTENT_DIR）' });
} else {
	const report = await loadContent(db, dir);
	for (const e of report.errors) errors.push({ file: e.file, line: e.line ?? null, message: e.message });
	for (const w of report.warnings) warnings.push({ file: w.file, line: w.line ?? null, message: w.message });
}
// 依据 and refs must name an article the loaded text has; texts nobody has loaded yet are listed.
const citations = await checkCitations(db);
for (const b of citations.broken) errors.push({ file: b.item, line: null, message: b.message });

const regulationList = await regulationSummaries(db);
const courseRows = await db
	.select({ id: courses.id, slug: courses.slug, title: courses.title })
	.from(courses)
	.where(eq(courses.active, true))
	.orderBy(asc(courses.sortOrder), asc(courses.slug))
	.all();
const courseList = [];
for (const { id, ...course } of courseRows) {
	courseList.push({
		...course,
		lessons: (await db.select({ n: count() }).from(lessons).where(and(eq(lessons.courseId, id), eq(lessons.active, true))).get())!.n,
		questions: (await db
			.select({ n: count() })
			.from(questions)
			.innerJoin(questionSets, eq(questions.setId, questionSets.id))
			.where(and(eq(questionSets.courseId, id), eq(questionSets.active, true), eq(questions.active, true)))
			.get())!.n
	});
}

const ok = errors.length === 0;
if (json) {
	console.log(
		JSON.stringify(
			{
				ok,
				contentDir: dir,
				regulations: regulationList.map((r) => ({
					slug: r.slug,
					title: r.title,
					articles: r.articles,
					parts: r.parts,
					chapters: r.chapters,
					sections: r.sections,
					numbering: r.numbering,
					sample: r.sample
				})),
				courses: courseList,
				notLoaded: citations.missing,
				warnings,
				errors
			},
			null,
			2
		)
	);
} else {
	const out: string[] = [`清风学堂内容检查：${dir}`, ''];
	out.push(`法规 ${regulationList.length} 部${regulationList.length ? '：' : ''}`);
	for (const r of regulationList) {
		const unit = r.numbering === 'item' ? '项' : '条';
		const structure = [r.parts && `${r.parts} 编`, r.chapters && `${r.chapters} 章`, r.sections && `${r.sections} 节`].filter(Boolean).join('，');
		out.push(`  ${r.slug}\u3000${r.title}：${r.articles} ${unit}${structure ? `，${structure}` : ''}${r.sample ? '（示例）' : ''}`);
	}
	const lessonTotal = courseList.reduce((n, c) => n + c.lessons, 0);
	const questionTotal = courseList.reduce((n, c) => n + c.questions, 0);
	out.push('', `课程 ${courseList.length} 门，共 ${lessonTotal} 课时、${questionTotal} 道测验题${courseList.length ? '：' : ''}`);
	for (const c of courseList) out.push(`  ${c.slug}\u3000${c.title}：${c.lessons} 课时，${c.questions} 道题`);
	if (citations.missing.length) {
		out.push('', '尚未导入的法规（课程和题目引用了它们，导入后依据即成为链接）：');
		for (const m of citations.missing) out.push(`  尚未导入${m.citation.startsWith('《') ? m.citation : `《${m.citation}》`}（${m.slug}）：被 ${m.count} 处引用`);
	}
	if (warnings.length) {
		out.push('', `解析时的处理 ${warnings.length} 处（不影响加载）：`);
		for (const w of warnings) out.push(`  ${formatIssue({ file: w.file, line: w.line ?? undefined, message: w.message })}`);
	}
	out.push('');
	if (ok) out.push('检查通过，没有发现错误。');
	else {
		out.push(`发现 ${errors.length} 处错误：`);
		for (const e of errors) out.push(`  ${formatIssue({ file: e.file, line: e.line ?? undefined, message: e.message })}`);
	}
	console.log(out.join('\n'));
}
await db.$engine.close();
process.exitCode = ok ? 0 : 1;
