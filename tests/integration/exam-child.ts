// A separate process that saves exam answers as fast as it can, as an app process would for a
// browser, and prints one line per acknowledged save. exam-restart.test.ts kills it with SIGKILL
// in the middle and checks the database: no acknowledged answer may be missing.
import { openDatabase } from '../../src/lib/server/db/client.ts';
import { saveAnswer } from '../../src/lib/server/exams/attempts.ts';

type Plan = { location: string; examId: number; userId: number; questions: { questionId: number; choices: string[][] }[] };
const plan = JSON.parse(process.env.QF_EXAM_CHILD ?? '{}') as Plan;
const db = openDatabase(plan.location, { max: 2 });
const revisions = new Map<number, number>();
process.stdout.write('READY\n');
for (let round = 0; ; round++) {
	for (const q of plan.questions) {
		const values = q.choices[round % q.choices.length];
		const result = await saveAnswer(db, { userId: plan.userId, examId: plan.examId, questionId: q.questionId, values, revision: revisions.get(q.questionId) ?? 0 }, Date.now());
		if (!result.ok) {
			process.stdout.write(`REFUSED ${q.questionId} ${result.code}\n`);
			process.exit(2);
		}
		revisions.set(q.questionId, result.revision);
		// Acknowledged: what a browser would now show as 已保存.
		process.stdout.write(`ACK ${q.questionId} ${result.revision} ${JSON.stringify(values)}\n`);
	}
}
