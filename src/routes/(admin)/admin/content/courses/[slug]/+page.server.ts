import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { parseForm, requiredText } from '$lib/server/forms';
import { consoleFolderOf, saveCourseFile } from '$lib/server/content/courses/console';
import type { Actions, PageServerLoad } from './$types';

const NewLesson = z.object({
	slug: z.string({ error: '请填写课时标识' }).trim().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, { error: '课时标识只能用字母、数字、- 和 _' }),
	title: requiredText('课时标题', 100),
	body: requiredText('课时正文', 100_000)
});

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const folder = await consoleFolderOf(db, event.params.slug);
	if (!folder) error(404, '没有找到这门课程（内容目录中的课程请修改文件）');
	return { slug: event.params.slug, folder: folder.name, files: folder.entries.filter((e) => e.kind === 'file').map((e) => e.name).sort() };
};

export const actions: Actions = {
	addLesson: async (event) => {
		const user = requireAdmin(event);
		const folder = await consoleFolderOf(db, event.params.slug);
		if (!folder) error(404, '没有找到这门课程');
		const form = parseForm(NewLesson, await event.request.formData());
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		const numbers = folder.entries.map((e) => Number(/^(\d+)-/.exec(e.name)?.[1] ?? 0));
		const file = `${String(Math.max(0, ...numbers) + 1).padStart(2, '0')}-${form.data.slug}.md`;
		const text = `---\ntitle: ${JSON.stringify(form.data.title)}\n---\n${form.data.body.trim()}\n`;
		const saved = await saveCourseFile(db, { slug: event.params.slug, file, text, userId: user.id });
		if (!saved.ok) return fail(400, { errors: { slug: saved.errors.map((e) => e.message).join('；') }, values: form.data });
		redirect(303, `/admin/content/courses/${event.params.slug}`);
	}
};
