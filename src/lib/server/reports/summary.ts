
import { chineseDate } from '../../time.ts';
import { formatOneDecimal, formatPercent } from '../../reportFormat.ts';
import type { Figures, Report } from './report.ts';
import { ACTIVITY_KINDS, WRITING_KINDS, WRITING_KIND_MEASURES, type WritingKind } from '../../vocabulary.ts';

/** How the summary names each kind of piece received. */
const WRITING_PHRASES: Record<WritingKind, string> = { 心得体会: '撰写心得体会', 读书笔记: '撰写读书笔记', 廉政家书: '收到廉政家书', 征文: '收到征文作品', 书画: '收到书画作品', 其他: '收到其他作品' };

/** "签订廉洁自律承诺书 X 份，撰写心得体会 Y 篇，收到廉政家书 Z 份": only the figures that are not zero. */
export function pledgeWritingClause(f: Figures): string {
	const parts: string[] = [];
	if (f.pledgesByKind.承诺书) parts.push(`签订廉洁自律承诺书${f.pledgesByKind.承诺书}份`);
	if (f.pledgesByKind.责任书) parts.push(`签订党风廉政建设责任书${f.pledgesByKind.责任书}份`);
	for (const k of WRITING_KINDS) if (f.writingsByKind[k]) parts.push(`${WRITING_PHRASES[k]}${f.writingsByKind[k]}${WRITING_KIND_MEASURES[k]}`);
	return parts.join('，');
}

/** "推进“三个一”廉政教育活动，2个责任单位中1个完成全部规定动作": one clause per campaign in the report. */
export function campaignClause(report: Report): string {
	return report.campaigns
		.filter((c) => c.units.length)
		.map((c) => `推进${c.title}，${c.units.length}个责任单位中${c.unitsAllRequiredDone}个完成全部规定动作`)
		.join('，');
}

/**
 * The 工作总结 paragraph, drafted only from the report's own figures (the same numbers, with the
 * same formats, as the table), so it can never disagree with it.
 */
export function draftSummary(report: Report): string {
	const t = report.total;
	const period = `${chineseDate(report.from)}至${chineseDate(report.to)}`;
	const parts: string[] = [];
	if (t.activities > 0) {
		const kinds = ACTIVITY_KINDS.map((k, i) => ({ k, i, n: t.byKind[k] ?? 0 }))
			.filter((x) => x.n > 0)
			.sort((a, b) => b.n - a.n || a.i - b.i)
			.map((x) => `${x.k}${x.n}次`);
		let sentence = `${period}，${report.unit.name}共组织开展廉政学习教育${t.activities}次（其中${kinds.join('、')}），参加${t.attendances}人次，覆盖党员干部${t.reached}人`;
		if (t.rate !== null) sentence += `，参与率${formatPercent(t.rate)}（现有${t.members}人中${t.reachedMembers}人参加）`;
		parts.push(sentence);
	} else {
		parts.push(`${period}，${report.unit.name}未组织开展廉政学习教育活动`);
	}
	if (t.exams > 0 || t.examSittings > 0) {
		const rate = t.examPassRate === null ? '' : `，通过率${formatPercent(t.examPassRate)}（${t.examTakers}人中${t.examPassers}人合格）`;
		parts.push(`组织廉政考试${t.exams}次，参加考试${t.examSittings}人次${rate}`);
	}
	const pledgesAndWritings = pledgeWritingClause(t);
	if (pledgesAndWritings) parts.push(pledgesAndWritings);
	const campaigns = campaignClause(report);
	if (campaigns) parts.push(campaigns);
	const online = [`完成在线课程学习${t.courseCompletions}人次`, `阅读打卡${t.checkins}人次`];
	online.push(t.quizAttempts > 0 ? `参加在线测验${t.quizAttempts}人次、平均得分${formatOneDecimal(t.quizAverage)}分` : '参加在线测验0人次');
	parts.push(`${online.join('，')}；累计学习${formatOneDecimal(t.hours)}小时。`);
	return parts.join('；');
}
