import { and, eq, inArray } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { regulationArticles, regulations } from '../db/schema/index.ts';
import { toChineseNumeral } from './regulations/numerals.ts';

export { toChineseNumeral };

/** An article reference as quiz files and lessons write it: `jilv-chufen-tiaoli-2023#98`. */
export type ArticleRef = { slug: string; number: number };
export type ResolvedRef = { ref: string; label: string; href: string | null };

const REF_PATTERN = /^([A-Za-z0-9][A-Za-z0-9_.-]*)#([1-9][0-9]{0,3})$/;

/** `slug#N` with N a positive integer (Arabic digits) → its parts; null when malformed. */
export function parseRef(ref: string): ArticleRef | null {
	const m = REF_PATTERN.exec(ref.trim());
	return m ? { slug: m[1], number: Number(m[2]) } : null;
}

type KnownRegulation = { citation: string; unit?: string };

/**
 * Well-known texts, so that a reference to one that is not loaded still reads as a proper
 * citation. `unit` is what one numbered part of that text is called (八项规定 has 项).
 */
const KNOWN_REGULATIONS: Record<string, KnownRegulation> = {
	'jilv-chufen-tiaoli-2023': { citation: '《中国共产党纪律处分条例》（2023年修订）' },
	'jilv-chufen-tiaoli-2018': { citation: '《中国共产党纪律处分条例》（2018年修订）' },
	'lianjie-zilv-zhunze-2015': { citation: '《中国共产党廉洁自律准则》' },
	'baxiang-guiding-2012': { citation: '中央八项规定', unit: '项' },
	'baxiang-guiding-shishi-xize-2017': { citation: '《中共中央政治局贯彻落实中央八项规定实施细则》' },
	'dangnei-jiandu-tiaoli-2016': { citation: '《中国共产党党内监督条例》' },
	'wenze-tiaoli-2019': { citation: '《中国共产党问责条例》（2019年修订）' },
	'dangzhang-2022': { citation: '《中国共产党章程》' },
	'dangnei-zhengzhi-shenghuo-zhunze-2016': { citation: '《关于新形势下党内政治生活的若干准则》', unit: '部分' },
	'jiancha-fa-2018': { citation: '《中华人民共和国监察法》（2018年）' },
	'jiancha-fa-2024': { citation: '《中华人民共和国监察法》（2024年修正）' },
	'jiancha-fa-shishi-tiaoli-2021': { citation: '《中华人民共和国监察法实施条例》' },
	'zhengwu-chufen-fa-2020': { citation: '《中华人民共和国公职人员政务处分法》' },
	'jiandu-zhiji-gongzuo-guize-2019': { citation: '《中国共产党纪律检查机关监督执纪工作规则》' }
};

/** How a regulation that is not loaded is cited: its well-known title, or null for an unknown slug. */
export function knownCitation(slug: string): string | null {
	return KNOWN_REGULATIONS[slug]?.citation ?? null;
}

/** Well-known slugs with the title words they are cited by (for 依据 written as 《…》第X条). */
export function knownRegulations(): { slug: string; citation: string }[] {
	return Object.entries(KNOWN_REGULATIONS).map(([slug, k]) => ({ slug, citation: k.citation }));
}

/** 《title》, unless the title already carries its own book-title marks (《中共中央八项规定》（全文）). */
function cite(title: string): string {
	return title.includes('《') ? title : `《${title}》`;
}

function articleSuffix(number: number, unit: string): string {
	return `第${toChineseNumeral(number)}${unit}`;
}

/**
 * Turns article references into what a page shows: a link to the article when its regulation is
 * loaded, active and has that article; otherwise a plain citation (a well-known title when the
 * slug is known, else the reference as written).
 */
export async function resolveRefs(db: DB, refs: string[]): Promise<ResolvedRef[]> {
	const parsed = refs.map((ref) => ({ ref, parts: parseRef(ref) }));
	const slugs = [...new Set(parsed.flatMap((p) => (p.parts ? [p.parts.slug] : [])))];
	const loaded = slugs.length
		? await db
				.select({ id: regulations.id, slug: regulations.slug, title: regulations.title, numbering: regulations.numbering })
				.from(regulations)
				.where(and(inArray(regulations.slug, slugs), eq(regulations.active, true)))
				.all()
		: [];
	const bySlug = new Map(loaded.map((r) => [r.slug, r]));
	const ids = loaded.map((r) => r.id);
	const articles = ids.length
		? await db
				.select({ regulationId: regulationArticles.regulationId, number: regulationArticles.number })
				.from(regulationArticles)
				.where(inArray(regulationArticles.regulationId, ids))
				.all()
		: [];
	const present = new Set(articles.map((a) => `${a.regulationId}#${a.number}`));

	return parsed.map(({ ref, parts }) => {
		if (!parts) return { ref, label: ref, href: null };
		const known = KNOWN_REGULATIONS[parts.slug];
		const reg = bySlug.get(parts.slug);
		if (reg && present.has(`${reg.id}#${parts.number}`)) {
			const unit = known?.unit ?? (reg.numbering === 'item' ? '项' : '条');
			return {
				ref,
				label: `${cite(reg.title)}${articleSuffix(parts.number, unit)}`,
				href: `/regulations/${encodeURIComponent(reg.slug)}/${parts.number}`
			};
		}
		if (known) return { ref, label: `${known.citation}${articleSuffix(parts.number, known.unit ?? '条')}`, href: null };
		if (reg) return { ref, label: `${cite(reg.title)}${articleSuffix(parts.number, reg.numbering === 'item' ? '项' : '条')}`, href: null };
		return { ref, label: `${parts.slug} ${articleSuffix(parts.number, '条')}`, href: null };
	});
}
