import type { DB } from '../db/client.ts';
import { writingFileVisibleTo } from '../writings/access.ts';
import { activityPhotoVisibleTo } from '../activities/photos.ts';

// Every stored file belongs to a feature, and only that feature knows who may see it. A feature
// that stores files adds its check here; a file no feature claims is shown to nobody.

type Viewer = { id: number; role: string; orgUnitId: number };

export async function mayViewFile(db: DB, user: Viewer, fileId: number): Promise<boolean> {
	return (await writingFileVisibleTo(db, user, fileId)) || (await activityPhotoVisibleTo(db, user, fileId));
}
