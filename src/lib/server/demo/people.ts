import type { DB } from '../db/client.ts';
import { users } from '../db/schema/index.ts';
import { hashPassword } from '../auth/passwords.ts';
import { ensureUnitByNamePath } from '../org/units.ts';
import { type Role } from '../../vocabulary.ts';

export const DEMO_PASSWORD = 'qingfeng2026';

export type DemoAccount = { username: string; name: string; role: Role; unit: string; note: string };

// A small municipal discipline-inspection organization. Every name is invented.
const ROOT = '市纪委监委';
export const DEMO_UNITS = [
	`${ROOT}/机关党委`,
	`${ROOT}/机关党委/第一党支部`,
	`${ROOT}/机关党委/第二党支部`,
	`${ROOT}/机关党委/第三党支部`,
	`${ROOT}/机关党委/派驻机构党总支`,
	`${ROOT}/机关党委/派驻机构党总支/派驻第一党支部`,
	`${ROOT}/机关党委/派驻机构党总支/派驻第二党支部`
];

export const DEMO_ACCOUNTS: DemoAccount[] = [
	{ username: 'admin', name: '系统管理员', role: 'admin', unit: ROOT, note: '管理员：组织架构、人员、内容' },
	{ username: 'jgdw', name: '周文清', role: 'organizer', unit: `${ROOT}/机关党委`, note: '机关党委组织员（可见整个机关党委）' },
	{ username: 'zb1', name: '林思远', role: 'organizer', unit: `${ROOT}/机关党委/第一党支部`, note: '第一党支部书记（仅本支部）' },
	{ username: 'zb2', name: '郑雅琴', role: 'organizer', unit: `${ROOT}/机关党委/第二党支部`, note: '第二党支部书记（仅本支部）' },
	{ username: 'xueyuan', name: '陈立新', role: 'learner', unit: `${ROOT}/机关党委/第一党支部`, note: '学员' }
];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵欧阳解强柴华车冉房边';
const GIVEN = ['建国', '志强', '秀兰', '海燕', '文博', '晓东', '丽华', '国栋', '明轩', '思雨', '俊杰', '雪梅', '振华', '春生', '婷婷', '伟', '敏', '静', '磊', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平', '刚', '桂英', '玉兰', '晨阳', '宏伟', '子涵', '一鸣', '嘉怡', '浩然', '欣悦', '泽宇'];
const TITLES = ['科员', '一级科员', '四级主任科员', '三级主任科员', '二级主任科员', '一级主任科员', '副科长', '科长', '副主任', '主任'];

/** Deterministic fictional people for the demo units: ~60 in all. */
export function demoPeople(): { username: string; name: string; unit: string; title: string; isLeader: boolean }[] {
	const branches = DEMO_UNITS.filter((u) => u.endsWith('党支部'));
	const people = [];
	let n = 0;
	for (const [b, unit] of branches.entries()) {
		const size = [14, 12, 11, 9, 9][b] ?? 8;
		for (let i = 0; i < size; i++, n++) {
			const name = SURNAMES[(n * 7 + 3) % SURNAMES.length] + GIVEN[(n * 11 + b) % GIVEN.length];
			const title = TITLES[(n * 5 + i) % TITLES.length];
			people.push({
				username: `2026${String(n + 1).padStart(4, '0')}`,
				name,
				unit,
				title,
				isLeader: ['科长', '副主任', '主任'].includes(title)
			});
		}
	}
	return people;
}

/** Creates the demo org tree, the named demo accounts and ~60 members. Returns the named accounts. */
export async function seedDemoPeople(db: DB): Promise<DemoAccount[]> {
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	for (const path of DEMO_UNITS) await ensureUnitByNamePath(db, path);
	await db.transaction(async (tx) => {
		for (const a of DEMO_ACCOUNTS) {
			const unit = await ensureUnitByNamePath(tx as unknown as DB, a.unit);
			await tx.insert(users)
				.values({ username: a.username, name: a.name, role: a.role, orgUnitId: unit.id, passwordHash, mustChangePassword: false, title: a.role === 'organizer' ? '党支部书记' : '' })
				.run();
		}
		for (const p of demoPeople()) {
			const unit = await ensureUnitByNamePath(tx as unknown as DB, p.unit);
			await tx.insert(users)
				.values({ username: p.username, name: p.name, orgUnitId: unit.id, title: p.title, isLeader: p.isLeader, passwordHash, mustChangePassword: false })
				.run();
		}
	});
	return DEMO_ACCOUNTS;
}
