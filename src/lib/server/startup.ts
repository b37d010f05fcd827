import { count } from 'drizzle-orm';
import type { DB } from './db/client.ts';
import { applyMigrations } from './db/client.ts';
import { users } from './db/schema/index.ts';
import { loadContent, CONTENT_DIR, type ContentReport } from './content/index.ts';
import { formatIssue } from './content/issues.ts';
import { demoPasswordsInUse, describeDemoAccounts, seedDemo } from './demo/index.ts';
import { pruneLoginFailures } from './auth/login.ts';
import { deleteExpiredSessions } from './auth/sessions.ts';
import { syncCourseCompletions } from './learning/completions.ts';
import { sweepOrphanFiles } from './files/store.ts';
import { openReadingListIds, syncReadingListCompletions } from './reading-lists/progress.ts';
import { refreshReportRollups } from './reports/rollups.ts';

let lastReport: ContentReport | null = null;

/** What /healthz reports: the result of the last content load. */
export function contentReport(): ContentReport | null {
	return lastReport;
}

/**
 * Migrate, load content/, and on a brand-new database create the demo organization. Several app
 * processes on one PostgreSQL may start together: they take turns (an advisory lock), so content
 * is loaded and demo data created once, and the later ones find it done.
 */
export async function startApp(db: DB, options: { demo?: boolean; log?: (msg: string) => void } = {}): Promise<ContentReport> {
	await applyMigrations(db);
	return db.$engine.exclusive('startup', () => prepareData(db, options));
}

async function prepareData(db: DB, options: { demo?: boolean; log?: (msg: string) => void }): Promise<ContentReport> {
	const log = options.log ?? ((m: string) => console.log(m));
	await pruneLoginFailures(db);
	await deleteExpiredSessions(db);
	const report = await loadContent(db, CONTENT_DIR);
	lastReport = report;
	log(`[清风学堂] 已加载内容：${report.regulations} 部法规，${report.courses} 门课程，${report.lessons} 课时，${report.questions} 道题`);
	for (const issue of report.errors) log(`[清风学堂] 内容错误 ${formatIssue(issue)}`);
	// Completions are recorded as they happen; this catches any a crash, an upgrade or a content
	// change (a lesson removed from a course) left unrecorded.
	await syncCourseCompletions(db);
	// Uploads a crash left without their database row (older than a day, so never one being stored now).
	const orphans = await sweepOrphanFiles(db);
	if (orphans) log(`[清风学堂] 已清理 ${orphans} 个没有记录的上传文件`);
	await syncReadingListCompletions(db, await openReadingListIds(db));
	// Report roll-ups: derived now what changed (all of it after the migration that adds them), not at the first report.
	const rollups = await refreshReportRollups(db);
	if (rollups?.full) log('[清风学堂] 已按原始记录生成报表汇总');

	const demo = options.demo ?? process.env.QF_DEMO !== '0';
	const isEmpty = (await db.select({ n: count() }).from(users).get())!.n === 0;
	if (isEmpty && demo) {
		const accounts = await seedDemo(db);
		log(`[清风学堂] 新数据库，已创建演示数据。\n${describeDemoAccounts(accounts)}`);
	} else if (isEmpty) {
		log('[清风学堂] 数据库中还没有账号：请运行 npm run create-admin -- --username 用户名 创建第一个管理员');
	} else if (await demoPasswordsInUse(db)) {
		log('[清风学堂] 警告：演示账号 admin 仍在使用公开的演示密码。正式使用前请删除演示数据（使用新的数据库并设置 QF_DEMO=0）或修改该密码。');
	}
	return report;
}
