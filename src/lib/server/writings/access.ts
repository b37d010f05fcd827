import { eq } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { orgUnits, writingCollections, writingFiles, writingSubmissions } from '../db/schema/index.ts';
import { scopeFor } from '../org/units.ts';
import { pathInScope } from '../org/scope.ts';

// Who may open a file handed in with a piece of writing: its author; an organizer whose scope
// holds the collection's unit, once the piece is handed in (drafts stay private); and, for a piece
// published to the gallery, the people of the collection's unit subtree.

type Viewer = { id: number; role: string; orgUnitId: number };

export async function writingFileVisibleTo(db: DB, user: Viewer, fileId: number): Promise<boolean> {
	const row = await db
		.select({ authorId: writingSubmissions.userId, status: writingSubmissions.status, publishedAt: writingSubmissions.publishedAt, unitPath: orgUnits.path })
		.from(writingFiles)
		.innerJoin(writingSubmissions, eq(writingSubmissions.id, writingFiles.submissionId))
		.innerJoin(writingCollections, eq(writingCollections.id, writingSubmissions.collectionId))
		.innerJoin(orgUnits, eq(orgUnits.id, writingCollections.unitId))
		.where(eq(writingFiles.fileId, fileId))
		.get();
	if (!row) return false;
	if (row.authorId === user.id) return true;
	if ((user.role === 'organizer' || user.role === 'admin') && row.status !== 'draft' && pathInScope(await scopeFor(db, user), row.unitPath)) return true;
	if (row.publishedAt && row.status === 'accepted') {
		const unit = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, user.orgUnitId)).get();
		return !!unit && unit.path.startsWith(row.unitPath);
	}
	return false;
}
