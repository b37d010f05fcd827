import ExcelJS from 'exceljs';
import type { DB } from '../db/client.ts';
import { answerDetails, playerResults, questionResults, teamResults } from './results.ts';
import { type CompetitionDetail } from './competitions.ts';
import { neutralize } from '../exports/csv.ts';
import { COMPETITION_FORMAT_LABELS, ROUND_KIND_LABELS, type RoundKind } from '../../vocabulary.ts';

/** Typed text (guest names, fill-in answers, titles) can never run as a formula in the organizer's Excel. */
function text(value: string | null | undefined): string {
	return value ? neutralize(value) : '';
}

function sheet(book: ExcelJS.Workbook, name: string, columns: { header: string; key: string; width: number }[]) {
	const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
	ws.columns = columns;
	ws.getRow(1).font = { bold: true };
	return ws;
}

function formatTime(ms: number | null): string {
	if (ms === null) return '';
	return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The results of an ended competition as an .xlsx workbook: per person, per team, per question, every answer. */
export async function resultsWorkbook(db: DB, competition: CompetitionDetail): Promise<Buffer> {
	const book = new ExcelJS.Workbook();
	book.creator = '清风学堂';
	book.created = new Date(competition.endedAt ?? competition.createdAt);

	const info = sheet(book, '概况', [
		{ header: '项目', key: 'k', width: 16 },
		{ header: '内容', key: 'v', width: 60 }
	]);
	const players = await playerResults(db, competition.id);
	info.addRows([
		{ k: '竞赛名称', v: text(competition.title) },
		{ k: '组织单位', v: text(competition.unitName) },
		{ k: '主持人', v: text(competition.ownerName) },
		{ k: '赛制', v: COMPETITION_FORMAT_LABELS[competition.format] },
		{ k: '竞赛码', v: competition.code },
		{ k: '开始时间', v: formatTime(competition.startedAt) },
		{ k: '结束时间', v: formatTime(competition.endedAt) },
		{ k: '参赛人数', v: players.length },
		{ k: '其中嘉宾', v: players.filter((p) => p.isGuest).length },
		{ k: '题目数', v: competition.questionCount }
	]);

	const people = sheet(book, '个人成绩', [
		{ header: '名次', key: 'rank', width: 8 },
		{ header: '姓名', key: 'name', width: 14 },
		{ header: '工号/用户名', key: 'username', width: 14 },
		{ header: '身份', key: 'kind', width: 8 },
		{ header: '所属单位', key: 'unit', width: 20 },
		{ header: '队伍', key: 'team', width: 16 },
		{ header: '得分', key: 'score', width: 8 },
		{ header: '答对题数', key: 'correct', width: 10 },
		{ header: '作答题数', key: 'answered', width: 10 }
	]);
	for (const p of players) {
		people.addRow({ rank: p.rank, name: text(p.name), username: text(p.username), kind: p.isGuest ? '嘉宾' : '学员', unit: text(p.unitName), team: text(p.teamName), score: p.score, correct: p.correct, answered: p.answered });
	}

	if (competition.format === 'team') {
		const teams = sheet(book, '团队成绩', [
			{ header: '名次', key: 'rank', width: 8 },
			{ header: '队伍', key: 'name', width: 20 },
			{ header: '人数', key: 'members', width: 8 },
			{ header: '平均分', key: 'score', width: 10 }
		]);
		for (const t of await teamResults(db, competition.id)) teams.addRow({ ...t, name: text(t.name) });
	}

	const perQuestion = sheet(book, '逐题统计', [
		{ header: '题号', key: 'ordinal', width: 6 },
		{ header: '轮次', key: 'round', width: 8 },
		{ header: '题目', key: 'stem', width: 60 },
		{ header: '作答人数', key: 'answered', width: 10 },
		{ header: '答对人数', key: 'correct', width: 10 },
		{ header: '正确率(%)', key: 'accuracy', width: 10 }
	]);
	for (const q of await questionResults(db, competition.id)) perQuestion.addRow({ ...q, stem: text(q.stem), round: ROUND_KIND_LABELS[q.round as RoundKind] ?? q.round, accuracy: q.accuracy ?? '' });

	const detail = sheet(book, '答题明细', [
		{ header: '题号', key: 'ordinal', width: 6 },
		{ header: '姓名', key: 'name', width: 14 },
		{ header: '工号/用户名', key: 'username', width: 14 },
		{ header: '作答', key: 'response', width: 24 },
		{ header: '是否正确', key: 'correct', width: 10 },
		{ header: '得分', key: 'points', width: 8 },
		{ header: '用时(秒)', key: 'seconds', width: 10 }
	]);
	for (const a of await answerDetails(db, competition.id)) {
		const response = a.response.map((r) => (r === 'true' ? '正确' : r === 'false' ? '错误' : r)).join('、');
		detail.addRow({ ordinal: a.ordinal, name: text(a.isGuest ? `${a.name}（嘉宾）` : a.name), username: text(a.username), response: text(response), correct: a.correct ? '正确' : '错误', points: a.points, seconds: a.seconds });
	}
	return Buffer.from(await book.xlsx.writeBuffer());
}
