import { formatDateTime } from '../../time.ts';
import { workbook } from '../exports/xlsx.ts';
import { ATTEMPT_CLOSE_REASON_LABELS, LEAVE_KIND_LABELS } from '../../vocabulary.ts';
import { DISTRIBUTION_LABELS, type ExamResults } from './results.ts';
import type { ExamSummary } from './exams.ts';

// An exam's results as a workbook: 成绩 (one row per examinee, with leaves), 单位汇总, 试题分析,
// 条款分析 and 离开页面记录 — the same figures as the results page.

export async function examResultsXlsx(exam: ExamSummary, r: ExamResults, now: number): Promise<Buffer> {
	const cols = (...pairs: [string, string][]) => pairs.map(([key, label]) => ({ key, label }));
	const when = (ms: number | null) => (ms === null ? '' : formatDateTime(new Date(ms)));
	const unitRow = (u: ExamResults['total']) => {
		const row: Record<string, string | number | null> = { unit: u.unitName, examinees: u.examinees, taken: u.taken, passed: u.passed, passRate: u.passRate, average: u.average };
		DISTRIBUTION_LABELS.forEach((_, i) => (row[`d${i}`] = u.distribution[i]));
		return row;
	};
	return await workbook([
		{
			name: '成绩',
			columns: cols(['name', '姓名'], ['username', '工号'], ['unit', '单位'], ['note', '拟任职务'], ['standing', '状态'], ['score', '成绩'], ['attempts', '参加次数'], ['reason', '交卷方式'], ['closedAt', '交卷时间'], ['minutes', '用时（分钟）'], ['leaves', '离开页面（次）'], ['certificate', '合格证明编号']),
			rows: r.persons.map((p) => ({
				name: p.name,
				username: p.username,
				unit: p.unitName,
				note: p.note,
				standing: p.standingLabel,
				score: p.bestScore,
				attempts: p.attempts,
				reason: p.closeReason ? ATTEMPT_CLOSE_REASON_LABELS[p.closeReason] : '',
				closedAt: when(p.closedAt),
				minutes: p.seconds === null ? null : Math.round(p.seconds / 6) / 10,
				leaves: p.leaves.length,
				certificate: p.certificateCode ? `${p.certificateCode}${p.certificateRevoked ? '（已撤销）' : ''}` : ''
			})),
			notes: [`${exam.title}：满分 ${exam.totalPoints} 分，及格 ${exam.passScore} 分；${formatDateTime(new Date(exam.opensAt))} 至 ${formatDateTime(new Date(exam.closesAt))}；导出时间 ${formatDateTime(new Date(now))}。成绩为多次参加中的最高分。`]
		},
		{
			name: '单位汇总',
			columns: cols(['unit', '单位'], ['examinees', '应考人数'], ['taken', '参考人数'], ['passed', '合格人数'], ['passRate', '合格率（%）'], ['average', '平均分'], ...DISTRIBUTION_LABELS.map((l, i): [string, string] => [`d${i}`, `${l}（人）`])),
			rows: [...r.units.map(unitRow), unitRow(r.total)],
			boldRows: [r.units.length]
		},
		{
			name: '试题分析',
			columns: cols(['type', '题型'], ['stem', '题干'], ['refs', '依据'], ['shown', '出现（人次）'], ['answered', '作答'], ['correct', '答对'], ['rate', '正确率（%）'], ['options', '各选项被选次数']),
			rows: r.questions.map((q) => ({
				type: q.typeName,
				stem: q.stem,
				refs: q.refs.join('，'),
				shown: q.shown,
				answered: q.answered,
				correct: q.correct,
				rate: q.correctRate,
				options: q.options.map((o) => `${o.key}${o.isAnswer ? '（正确）' : ''}：${o.chosen}`).join('；')
			}))
		},
		{
			name: '条款分析',
			columns: cols(['label', '条款'], ['shown', '考查（人次）'], ['wrong', '答错'], ['rate', '错误率（%）']),
			rows: r.articles.map((a) => ({ label: a.label, shown: a.shown, wrong: a.wrong, rate: a.wrongRate }))
		},
		{
			name: '离开页面记录',
			columns: cols(['name', '姓名'], ['username', '工号'], ['kind', '情形'], ['leftAt', '离开时间'], ['returnedAt', '返回时间']),
			rows: r.persons.flatMap((p) => p.leaves.map((l) => ({ name: p.name, username: p.username, kind: LEAVE_KIND_LABELS[l.kind], leftAt: when(l.leftAt), returnedAt: l.returnedAt === null ? '未返回' : when(l.returnedAt) })))
		}
	]);
}
