import { and, eq, like, notInArray } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { orgUnits, users } from '../db/schema/index.ts';
import { findUnitByNamePath, scopeFor } from '../org/units.ts';
import { addDays, localDate, parseLocalDate, DAY_MS } from '../../time.ts';
import { savePledge } from '../pledges/pledges.ts';
import { signerView, signPledge, startReading } from '../pledges/signing.ts';
import { saveCollection } from '../writings/collections.ts';
import { reviewSubmission, saveSubmission } from '../writings/submissions.ts';
import { DEMO_ACCOUNTS } from './people.ts';

// Demo pledges and writings, made through the same functions people use: a 廉洁自律承诺书 most of
// 机关党委 has signed, a 责任书 waiting for 周文清 (jgdw) to sign as 甲方, a 心得体会 collection with
// pieces in every state, and a closed 廉政家书 collection with a gallery. The named demo accounts
// sign and write nothing, so whoever tries the demo as 陈立新 (xueyuan) starts from a clean slate.

const MINUTE = 60_000;

const PLEDGE_TEXT = `为深入贯彻全面从严治党要求，筑牢拒腐防变思想防线，本人郑重承诺：

1. 坚定理想信念，严守政治纪律和政治规矩，在思想上政治上行动上同党中央保持高度一致。
2. 严格遵守中央八项规定及其实施细则精神，不违规收送礼品礼金，不违规操办婚丧喜庆事宜。
3. 秉公用权，不利用职务上的便利为本人或他人谋取私利，不干预插手市场经济活动。
4. 严守工作纪律和保密纪律，不泄露工作秘密，自觉接受组织和群众监督。
5. 加强家庭家教家风建设，管好配偶、子女和身边工作人员。

如有违反，自愿接受组织处理。`;

const LETTER_TEXT = `为落实党风廉政建设主体责任和“一岗双责”，甲乙双方签订本责任书。

**甲方责任**：对职责范围内的党风廉政建设负领导责任，定期听取乙方履职情况汇报，及时提醒、督促和纠正苗头性倾向性问题。

**乙方责任**：对分管领域的党风廉政建设负直接责任，带头遵守廉洁自律各项规定，抓好分管范围内的廉政风险防控和警示教育。

本责任书一式两份，甲乙双方各执一份，有效期至本年度末。`;

const REFLECTIONS = [
	'通过这次集中学习，我对《中国共产党纪律处分条例》有了更系统的认识。条例把纪律挺在前面，既划出了不可触碰的底线，也体现了严管就是厚爱的要求。',
	'对照条例逐条检视，我认识到自己在日常工作中还存在重业务、轻学习的问题，对一些新修订的条款理解不深、把握不准，今后要把学习条例作为经常性功课。',
	'典型案例警示我们，违纪往往从小事小节开始。一顿饭、一张卡、一次打招呼，看似无关紧要，实则是被围猎的开始。守住小节，才能守住大节。',
	'作为一名基层党员干部，我将把条例要求落实到具体工作中：严格执行请示报告制度，规范使用公务用车和办公用房，自觉接受监督，做到知敬畏、存戒惧、守底线。',
	'纪律是管党治党的戒尺。我要把学习成果转化为履职尽责的实际行动，以更加严格的标准要求自己，以更加扎实的作风服务群众。'
];

const LETTERS_HOME = [
	'亲爱的家人：见字如面。组织上这几年一直在讲家风建设，我想借这封家书和你们说说心里话。我们家不求大富大贵，只求清清白白做人、踏踏实实做事。',
	'请你们帮我守好家门：逢年过节有人上门送礼，请一律婉拒；有人托我办事，请告诉他按规矩走程序。你们的理解和支持，是我最大的底气。',
	'孩子要记住，爸爸妈妈的工作是为群众服务，不是家里的“门路”。靠自己的努力得来的东西，才是最踏实的。',
	'愿我们一家人互相提醒、互相监督，让廉洁成为家里最好的家风。'
];

export async function seedDemoPledgesAndWritings(db: DB, now = new Date()): Promise<void> {
	const committee = await findUnitByNamePath(db, '市纪委监委/机关党委');
	const organizer = await db.select().from(users).where(eq(users.username, 'jgdw')).get();
	if (!committee || !organizer) return;
	const named = DEMO_ACCOUNTS.map((a) => a.username);
	const people = await db
		.select({ id: users.id, name: users.name, username: users.username, orgUnitId: users.orgUnitId, isLeader: users.isLeader, unitName: orgUnits.name })
		.from(users)
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.where(and(like(orgUnits.path, `${committee.path}%`), notInArray(users.username, named), eq(users.role, 'learner')))
		.orderBy(users.username)
		.all();
	if (people.length < 20) return;
	const scope = await scopeFor(db, organizer);
	const today = localDate(now);
	// Times of day from midnight (China time), so the demo's pieces arrive in office hours and evenings.
	const midnight = parseLocalDate(today)!.getTime();
	const daysAgo = (d: number, minutes = 0) => new Date(midnight - d * DAY_MS + minutes * MINUTE);

	// 承诺书: published 12 days ago; about two in three have signed since.
	const pledge = await savePledge(db, {
		scope,
		actorId: organizer.id,
		now: daysAgo(12),
		draft: { kind: '承诺书', title: `${today.slice(0, 4)}年度党员干部廉洁自律承诺书`, unitId: committee.id, audience: 'all', usernames: [], letters: [], dueDate: addDays(today, 18), minReadSeconds: 30, body: PLEDGE_TEXT }
	});
	if (!pledge.ok) throw new Error(JSON.stringify(pledge.errors));
	for (const [i, p] of people.entries()) {
		if (i % 3 === 2) continue;
		const start = daysAgo(11 - (i % 10), 9 * 60 + ((i * 37) % 480));
		const view = (await signerView(db, p, pledge.id, start))!;
		await startReading(db, p, pledge.id, start);
		await signPledge(db, p, { pledgeId: pledge.id, versionId: view.version.id, typedName: p.name, drawing: '' }, new Date(start.getTime() + (2 + (i % 4)) * MINUTE));
	}

	// 责任书: 周文清 with three 科长 of the branches; two have signed, 甲方 has not yet.
	const leaders = people.filter((p) => p.isLeader).slice(0, 3);
	const letter = await savePledge(db, {
		scope,
		actorId: organizer.id,
		now: daysAgo(6),
		draft: { kind: '责任书', title: `${today.slice(0, 4)}年度党风廉政建设责任书`, unitId: committee.id, audience: 'all', usernames: [], letters: leaders.map((l) => ({ first: 'jgdw', second: l.username })), dueDate: addDays(today, 9), minReadSeconds: 20, body: LETTER_TEXT }
	});
	if (!letter.ok) throw new Error(JSON.stringify(letter.errors));
	for (const [i, l] of leaders.slice(0, 2).entries()) {
		const start = daysAgo(5 - i, 10 * 60);
		const view = (await signerView(db, l, letter.id, start))!;
		await startReading(db, l, letter.id, start);
		await signPledge(db, l, { pledgeId: letter.id, versionId: view.version.id, typedName: l.name, drawing: 'M40 120L80 90L120 130L160 80L200 125 M230 100L300 100' }, new Date(start.getTime() + 3 * MINUTE));
	}

	// 心得体会: open for two more weeks; pieces accepted, one 优秀 and shown, some waiting, one returned.
	const reflections = await saveCollection(db, {
		scope,
		actorId: organizer.id,
		now: daysAgo(20),
		draft: { kind: '心得体会', title: '学习《中国共产党纪律处分条例》心得体会', theme: '结合本职工作，谈学习条例的认识和体会，不少于 200 字。', unitId: committee.id, audience: 'all', usernames: [], dueDate: addDays(today, 14), minChars: 200, allowText: true, docxMaxMb: 10, imageMaxMb: null, pdfMaxMb: null }
	});
	if (!reflections.ok) throw new Error(JSON.stringify(reflections.errors));
	const writers = people.filter((_, i) => i % 5 === 1).slice(0, 10);
	for (const [i, p] of writers.entries()) {
		const body = [0, 1, 2, 3, 4].map((k) => REFLECTIONS[(i + k) % REFLECTIONS.length]).join('\n\n');
		const when = daysAgo(15 - i, 20 * 60);
		const saved = await saveSubmission(db, p, reflections.id, { title: ['知敬畏 存戒惧 守底线', '把纪律挺在前面', '以案为鉴 警钟长鸣', '严管就是厚爱'][i % 4], body, uploads: [], removeFileIds: [] }, true, when);
		if (!saved.ok) throw new Error(saved.message);
		const review = async (r: Parameters<typeof reviewSubmission>[1]['review']) => await reviewSubmission(db, { collectionId: reflections.id, submissionId: saved.submissionId, actorId: organizer.id, review: r, now: new Date(when.getTime() + DAY_MS) });
		if (i < 6) await review({ action: 'accept' });
		if (i === 0) for (const r of [{ action: 'excellent', value: true }, { action: 'publish', value: true }] as const) await review(r);
		if (i === 1) await review({ action: 'publish', value: true });
		if (i === 6) await review({ action: 'return', comment: '请结合本职工作谈具体体会，补充整改措施。' });
	}

	// 廉政家书: closed five days ago; five letters received, three shown in the gallery.
	const family = await saveCollection(db, {
		scope,
		actorId: organizer.id,
		now: daysAgo(40),
		draft: { kind: '廉政家书', title: '“清风传家”廉政家书征集', theme: '写给家人的一封廉政家书，可以在线输入，也可以上传手写家书的照片。', unitId: committee.id, audience: 'all', usernames: [], dueDate: addDays(today, -5), minChars: 0, allowText: true, docxMaxMb: null, imageMaxMb: 10, pdfMaxMb: null }
	});
	if (!family.ok) throw new Error(JSON.stringify(family.errors));
	const familyWriters = people.filter((_, i) => i % 7 === 3).slice(0, 5);
	for (const [i, p] of familyWriters.entries()) {
		const when = daysAgo(30 - i * 3, 21 * 60);
		const body = LETTERS_HOME.slice(0, 2 + (i % 3)).join('\n\n');
		const saved = await saveSubmission(db, p, family.id, { title: ['致家人的一封信', '写给爱人', '给孩子的话', '家书抵万金', '清白传家'][i], body, uploads: [], removeFileIds: [] }, true, when);
		if (!saved.ok) throw new Error(saved.message);
		const at = new Date(when.getTime() + 2 * DAY_MS);
		await reviewSubmission(db, { collectionId: family.id, submissionId: saved.submissionId, actorId: organizer.id, review: { action: 'accept' }, now: at });
		if (i < 3) await reviewSubmission(db, { collectionId: family.id, submissionId: saved.submissionId, actorId: organizer.id, review: { action: 'publish', value: true }, now: at });
		if (i === 2) await reviewSubmission(db, { collectionId: family.id, submissionId: saved.submissionId, actorId: organizer.id, review: { action: 'excellent', value: true }, now: at });
	}
}
