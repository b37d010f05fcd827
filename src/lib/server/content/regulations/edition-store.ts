import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DB } from '../../db/client.ts';
import { editionMapArticles, editionMaps, regulationArticles, regulations } from '../../db/schema/index.ts';
import type { RegulationStatus } from '../../../vocabulary.ts';
import { mapEditions, type ArticlePair } from './editions.ts';
import { contentChanged } from '../catalog.ts';

// Editions of one regulation (rows sharing `work`): which one is current, and the article maps
// between them, stored per pair of texts and recomputed only when one of the two texts changed.

type EditionRow = { id: number; work: string; editionKey: string; effectiveDate: string; statusDeclared: RegulationStatus | null; status: RegulationStatus; contentHash: string };

/** Oldest first: by edition year, then effective date, then slug order of loading (id). */
export function editionOrder(a: Pick<EditionRow, 'editionKey' | 'effectiveDate' | 'id'>, b: Pick<EditionRow, 'editionKey' | 'effectiveDate' | 'id'>): number {
	return a.editionKey.localeCompare(b.editionKey) || a.effectiveDate.localeCompare(b.effectiveDate) || a.id - b.id;
}

async function articleTexts(db: DB, regulationId: number) {
	return (await db
		.select({ number: regulationArticles.number, text: regulationArticles.bodyText })
		.from(regulationArticles)
		.where(eq(regulationArticles.regulationId, regulationId))
		.orderBy(asc(regulationArticles.ordinal))
		.all());
}

/** The article map between two editions, computed now from their texts (for pairs not stored). */
export async function computeEditionMap(db: DB, fromId: number, toId: number): Promise<ArticlePair[]> {
	return mapEditions(await articleTexts(db, fromId), await articleTexts(db, toId));
}

/**
 * Works out each edition's status (the declared one, else: the newest active edition of a work is
 * current, the others amended) and brings the stored article maps up to date.
 */
export async function refreshEditions(db: DB): Promise<void> {
	const rows: EditionRow[] = await db
		.select({
			id: regulations.id,
			work: regulations.work,
			editionKey: regulations.editionKey,
			effectiveDate: regulations.effectiveDate,
			statusDeclared: regulations.statusDeclared,
			status: regulations.status,
			contentHash: regulations.contentHash
		})
		.from(regulations)
		.where(eq(regulations.active, true))
		.all();
	try {
		const byWork = new Map<string, EditionRow[]>();
		for (const r of rows) byWork.set(r.work, [...(byWork.get(r.work) ?? []), r]);
		for (const editions of byWork.values()) {
			editions.sort(editionOrder);
			// 已修订 and 已废止 are taken as declared; of the rest, only the newest can be in force:
			// publishing a new edition as 现行有效 makes the one before it 已修订.
			const inForce = editions.filter((e) => e.statusDeclared !== 'amended' && e.statusDeclared !== 'repealed').at(-1);
			for (const e of editions) {
				const status = e.statusDeclared === 'amended' || e.statusDeclared === 'repealed' ? e.statusDeclared : e === inForce ? 'current' : 'amended';
				if (status !== e.status) await db.update(regulations).set({ status }).where(eq(regulations.id, e.id)).run();
			}
			for (let i = 0; i < editions.length; i++) {
				for (let j = i + 1; j < editions.length; j++) await ensureMap(db, editions[i], editions[j]);
			}
		}
	} finally {
		// Even when a map fails: the statuses written so far are content every process must read again.
		await contentChanged(db);
	}
}

async function ensureMap(db: DB, from: EditionRow, to: EditionRow): Promise<void> {
	const stored = await db
		.select({ id: editionMaps.id, fromHash: editionMaps.fromHash, toHash: editionMaps.toHash })
		.from(editionMaps)
		.where(and(eq(editionMaps.fromRegulationId, from.id), eq(editionMaps.toRegulationId, to.id)))
		.get();
	if (stored && stored.fromHash === from.contentHash && stored.toHash === to.contentHash) return;
	const pairs = await computeEditionMap(db, from.id, to.id);
	await db.transaction(async (tx) => {
		if (stored) await tx.delete(editionMaps).where(eq(editionMaps.id, stored.id)).run();
		const mapId = (await tx
			.insert(editionMaps)
			.values({ fromRegulationId: from.id, toRegulationId: to.id, fromHash: from.contentHash, toHash: to.contentHash })
			.returning({ id: editionMaps.id })
			.get()).id;
		for (let k = 0; k < pairs.length; k += 200) {
			await tx.insert(editionMapArticles).values(pairs.slice(k, k + 200).map((p) => ({ mapId, ...p }))).run();
		}
	});
}

/** The stored map between two editions (older → newer), or null when none is stored. */
export async function storedEditionMap(db: DB, fromId: number, toId: number): Promise<ArticlePair[] | null> {
	const map = await db.select({ id: editionMaps.id }).from(editionMaps).where(and(eq(editionMaps.fromRegulationId, fromId), eq(editionMaps.toRegulationId, toId))).get();
	if (!map) return null;
	return await db
		.select({ fromNumber: editionMapArticles.fromNumber, toNumber: editionMapArticles.toNumber, change: editionMapArticles.change, similarity: editionMapArticles.similarity })
		.from(editionMapArticles)
		.where(eq(editionMapArticles.mapId, map.id))
		.orderBy(asc(editionMapArticles.id))
		.all();
}

/** Rows of the maps into `toId` from its earlier editions: where each of its articles was before. */
export async function earlierNumbers(db: DB, toId: number): Promise<{ fromRegulationId: number; fromNumber: number | null; toNumber: number | null; change: ArticlePair['change'] }[]> {
	const maps = await db.select({ id: editionMaps.id, fromId: editionMaps.fromRegulationId }).from(editionMaps).where(eq(editionMaps.toRegulationId, toId)).all();
	if (!maps.length) return [];
	const fromOf = new Map(maps.map((m) => [m.id, m.fromId]));
	const rows = await db
		.select({ mapId: editionMapArticles.mapId, fromNumber: editionMapArticles.fromNumber, toNumber: editionMapArticles.toNumber, change: editionMapArticles.change })
		.from(editionMapArticles)
		.where(inArray(editionMapArticles.mapId, [...fromOf.keys()]))
		.all();
	return rows.map(({ mapId, ...r }) => ({ fromRegulationId: fromOf.get(mapId)!, ...r }));
}
