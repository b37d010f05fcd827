import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { questions, regulationArticles, regulations } from '../db/schema/index.ts';
import { parseRef } from '../content/refs.ts';
import { storedEditionMap } from '../content/regulations/edition-store.ts';
import { contentMemo } from '../content/catalog.ts';

// What a question's cited articles say now: each reference followed to the edition in force (an
// older edition's article through the stored article map to the current one), and the texts
// hashed. A review card keeps the hash it was learned against; when a new edition changes what an
// article says, the hash changes and the card goes back to learning.

type Reg = { id: number; slug: string; work: string; status: string };

/**
 * The hash of the current texts of each question's cited articles, by question id. They depend on
 * content only, so they are kept until the next content change (content/catalog.ts): the home
 * page's 今日复习 asks for every card of the person on every view.
 */
export async function articleHashes(db: DB, questionIds: number[]): Promise<Map<number, string>> {
	const kept = (await contentMemo(db, 'notebook:article-hashes', async () => new Map<number, string>()))!;
	const missing = [...new Set(questionIds)].filter((id) => !kept.has(id));
	if (missing.length) for (const [id, hash] of await hashesOf(db, missing)) kept.set(id, hash);
	return new Map(questionIds.flatMap((id) => (kept.has(id) ? [[id, kept.get(id)!] as const] : [])));
}

async function hashesOf(db: DB, ids: number[]): Promise<Map<number, string>> {
	const qs = await db.select({ id: questions.id, refs: questions.refs }).from(questions).where(inArray(questions.id, ids)).all();
	const slugs = [...new Set(qs.flatMap((q) => q.refs.map(parseRef).flatMap((r) => (r ? [r.slug] : []))))];
	const cited: Reg[] = slugs.length ? await db.select({ id: regulations.id, slug: regulations.slug, work: regulations.work, status: regulations.status }).from(regulations).where(and(inArray(regulations.slug, slugs), eq(regulations.active, true))).all() : [];
	const works = [...new Set(cited.map((r) => r.work))];
	const current: Reg[] = works.length
		? await db.select({ id: regulations.id, slug: regulations.slug, work: regulations.work, status: regulations.status }).from(regulations).where(and(inArray(regulations.work, works), eq(regulations.status, 'current'), eq(regulations.active, true))).all()
		: [];
	const bySlug = new Map(cited.map((r) => [r.slug, r]));
	const currentByWork = new Map(current.map((r) => [r.work, r]));
	const regIds = [...new Set([...cited, ...current].map((r) => r.id))];
	const texts = new Map<string, string>();
	if (regIds.length) {
		for (const a of await db.select({ regulationId: regulationArticles.regulationId, number: regulationArticles.number, text: regulationArticles.bodyText }).from(regulationArticles).where(inArray(regulationArticles.regulationId, regIds)).all()) {
			texts.set(`${a.regulationId}#${a.number}`, a.text);
		}
	}
	const maps = new Map<string, Awaited<ReturnType<typeof storedEditionMap>>>();
	const tokenOf = async (ref: string): Promise<string> => {
		const parts = parseRef(ref);
		const reg = parts && bySlug.get(parts.slug);
		// A text that is not loaded cannot change under the card: the reference itself stands for it.
		if (!parts || !reg) return `${ref}|absent`;
		const now = currentByWork.get(reg.work);
		if (!now || now.id === reg.id) return `${ref}|${texts.get(`${reg.id}#${parts.number}`) ?? ''}`;
		const key = `${reg.id}>${now.id}`;
		if (!maps.has(key)) maps.set(key, await storedEditionMap(db, reg.id, now.id));
		const pair = maps.get(key)?.find((p) => p.fromNumber === parts.number);
		if (!pair) return `${ref}|${texts.get(`${reg.id}#${parts.number}`) ?? ''}`;
		if (pair.toNumber === null) return `${ref}|deleted`;
		return `${ref}|${texts.get(`${now.id}#${pair.toNumber}`) ?? ''}`;
	};
	const out = new Map<number, string>();
	for (const q of qs) {
		const tokens: string[] = [];
		for (const ref of q.refs) tokens.push(await tokenOf(ref));
		out.set(q.id, createHash('sha256').update(tokens.join('\n')).digest('hex').slice(0, 32));
	}
	return out;
}
