// npm run bench:search [-- --regulations 20 --articles 250 --runs 30 --engine both|sqlite|postgres]
// Builds --regulations long generated regulations (each --articles articles of about 110 Chinese
// characters, loaded by the app's own loader so the search index is the real one), then times the
// header search (median and 95th percentile of --runs runs per query) beside a baseline measured in
// the same run: a plain LIKE scan counting the same documents. On SQLite and on a throwaway
// PostgreSQL cluster. Prints JSON.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';

const root = resolve(import.meta.dirname, '../..');
process.env.MIGRATIONS_DIR ??= join(root, 'drizzle');

const { openSqlite } = await import('../lib/server/db/sqlite.ts');
const { openPostgres } = await import('../lib/server/db/postgres.ts');
const { selectRows } = await import('../lib/server/db/client.ts');
const { loadRegulations } = await import('../lib/server/content/regulations/load.ts');
const { search } = await import('../lib/server/content/search/search.ts');
const { toChineseNumeral } = await import('../lib/server/content/regulations/numerals.ts');
const { startThrowawayPostgres } = await import('./postgres-throwaway.ts');

const { values: args } = parseArgs({
	options: {
		regulations: { type: 'string', default: '20' },
		articles: { type: 'string', default: '250' },
		runs: { type: 'string', default: '30' },
		engine: { type: 'string', default: 'both' }
	}
});
const REGULATIONS = Number(args.regulations);
const ARTICLES = Number(args.articles);
const RUNS = Math.max(3, Number(args.runs));

// Deterministic text from phrases of the kind these texts are written in (mulberry32).
let seed = 20261130;
function random(): number {
	seed = (seed + 0x6d2b79f5) | 0;
	let t = seed;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const PHRASES = ['党员领导干部', '违反廉洁纪律', '情节较轻的', '给予警告或者严重警告处分', '情节较重的', '给予撤销党内职务处分', '情节严重的', '给予留党察看或者开除党籍处分', '利用职权或者职务上的影响', '为他人谋取利益', '收受礼品、礼金、消费卡', '违反有关规定', '组织、参加', '公款宴请', '接受管理和服务对象', '在经济活动中', '借用管理和服务对象的钱款', '违规从事营利活动', '落实中央八项规定精神', '形式主义、官僚主义', '弄虚作假', '对上级决策部署', '搞变通', '造成不良影响', '本条例所称', '依照前款规定处理', '党组织应当', '加强监督检查', '不得干预', '配偶、子女及其配偶'];
const sentence = () => Array.from({ length: 3 + Math.floor(random() * 4) }, () => PHRASES[Math.floor(random() * PHRASES.length)]).join('，') + '。';
/** A phrase that occurs in exactly one article of all the texts: what a person remembers and types. */
const NEEDLE = '擅自动用扶贫救灾专项款物';

function writeTexts(dir: string): number {
	mkdirSync(join(dir, 'regulations'), { recursive: true });
	let chars = 0;
	for (let r = 1; r <= REGULATIONS; r++) {
		const lines = [`# 清风市测试条例第${r}号`, ''];
		for (let a = 1; a <= ARTICLES; a++) {
			if (a % 25 === 1) lines.push(`第${toChineseNumeral(Math.ceil(a / 25))}章 第${r}号条例第${Math.ceil(a / 25)}部分`, '');
			const body = r === 7 && a === 123 ? `${sentence()}${NEEDLE}，${sentence()}` : `${sentence()}${sentence()}${sentence()}`;
			chars += body.length;
			lines.push(`第${toChineseNumeral(a)}条 ${body}`, '');
		}
		writeFileSync(join(dir, 'regulations', `ceshi-tiaoli-${r}.md`), lines.join('\n'));
	}
	return chars;
}

const QUERIES = [
	{ name: '一条中的短语（全库只出现一次）', q: NEEDLE },
	{ name: '常见四字词', q: '公款宴请' },
	{ name: '两字词（不足三字，不走三元组索引）', q: '礼金' },
	{ name: '两个词同时出现', q: '配偶 营利活动' },
	{ name: '没有结果', q: '量子纠缠' }
];

function stats(samples: number[]) {
	const s = [...samples].sort((a, b) => a - b);
	const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
	return { medianMs: Math.round(at(0.5) * 100) / 100, p95Ms: Math.round(at(0.95) * 100) / 100 };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
	const t = performance.now();
	await fn();
	return performance.now() - t;
}

type Db = Parameters<typeof search>[0];
async function measure(db: Db, engine: string) {
	const [{ n }] = await selectRows<{ n: number }>(db, sql`select count(*) as n from search_documents`);
	const results = [];
	for (const { name, q } of QUERIES) {
		const hits = (await search(db, q, 'learner')).hits.length;
		const searchTimes: number[] = [];
		const baselineTimes: number[] = [];
		const like = `%${q.split(' ')[0]}%`;
		for (let i = 0; i < RUNS; i++) {
			searchTimes.push(await time(() => search(db, q, 'learner')));
			baselineTimes.push(await time(() => selectRows(db, sql`select count(*) as n from search_documents where body like ${like}`)));
		}
		results.push({ query: q, what: name, hits, search: stats(searchTimes), baselineLikeScan: stats(baselineTimes) });
	}
	return { engine, documents: Number(n), queries: results };
}

const dir = mkdtempSync(join(tmpdir(), 'qf-bench-search-'));
const out: Record<string, unknown> = { regulations: REGULATIONS, articlesEach: ARTICLES, runs: RUNS, at: new Date().toISOString() };
try {
	out.characters = writeTexts(dir);
	const runs = [];
	if (args.engine !== 'postgres') {
		const engine = openSqlite(join(dir, 'bench.db'));
		await engine.migrate();
		const started = performance.now();
		const loaded = await loadRegulations(engine.db, dir);
		if (loaded.errors.length) throw new Error(JSON.stringify(loaded.errors.slice(0, 3)));
		runs.push({ ...(await measure(engine.db, 'sqlite')), loadSeconds: Math.round(performance.now() - started) / 1000 });
		await engine.close();
	}
	if (args.engine !== 'sqlite') {
		const pg = await startThrowawayPostgres();
		try {
			const engine = openPostgres(pg.url);
			await engine.migrate();
			const started = performance.now();
			await loadRegulations(engine.db, dir);
			await selectRows(engine.db, sql`analyze`);
			runs.push({ ...(await measure(engine.db, `postgres ${pg.version}`)), loadSeconds: Math.round(performance.now() - started) / 1000 });
			await engine.close();
		} finally {
			await pg.stop();
		}
	}
	out.results = runs;
} finally {
	rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(out, null, 2));
