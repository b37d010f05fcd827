import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { parseForm, requiredText, optionalText } from '$lib/server/forms';
import { courseFolderFromZip, newCourseEntries, saveCourseFolder } from '$lib/server/content/courses/console';
import { listConsoleCourses } from '$lib/server/content/courses/console-queries';
import type { Actions, PageServerLoad } from './$types';


const NewCourse = z.object({
	slug: z.string({ error: '请填写课程标识' }).trim().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, { error: '课程标识只能用字母、数字、- 和 _，如 jiandu-zhize' }),
	title: requiredText('课程名称', 100),
	summary: optionalText('课程简介', 500),
	lessonTitle: requiredText('第一课的标题', 100),
	lessonBody: requiredText('第一课的正文', 100_000)
});

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	return { courses: await listConsoleCourses(db) };
};

async function nextFolderNumber(): Promise<string> {
	const all = await listConsoleCourses(db);
	const highest = Math.max(0, ...all.map((c) => c.sortOrder));
	return String(Math.max(50, highest + 1)).padStart(2, '0');
}

export const actions: Actions = {
	create: async (event) => {
		const user = requireAdmin(event);
		const form = parseForm(NewCourse, await event.request.formData());
		if (!form.ok) return fail(400, { create: { errors: form.errors, values: form.values } });
		const name = `${await nextFolderNumber()}-${form.data.slug}`;
		const saved = await saveCourseFolder(db, { name, entries: newCourseEntries(form.data), userId: user.id });
		if (!saved.ok) return fail(400, { create: { errors: { slug: saved.errors[0].message }, values: form.data } });
		redirect(303, `/admin/content/courses/${form.data.slug}`);
	},
	check: async (event) => await zipUpload(event, true),
	upload: async (event) => await zipUpload(event, false)
};

async function zipUpload(event: Parameters<Actions[string]>[0], dryRun: boolean) {
	const user = requireAdmin(event);
	const file = (await event.request.formData()).get('zip');
	if (!(file instanceof File) || file.size === 0) return fail(400, { zip: { message: '请选择课程文件夹的压缩包（.zip）', problems: [] } });
	const folder = await courseFolderFromZip(new Uint8Array(await file.arrayBuffer()), file.name);
	if (!folder.ok) return fail(400, { zip: { message: folder.message, problems: [] } });
	const saved = await saveCourseFolder(db, { name: folder.name, entries: folder.entries, userId: user.id, originalName: file.name, dryRun });
	if (!saved.ok) return fail(400, { zip: { message: `“${file.name}”未导入：发现 ${saved.errors.length} 处问题`, problems: saved.errors } });
	const c = saved.course;
	const summary = { title: c.title, slug: c.slug, lessons: c.lessons.map((l) => l.title), questions: c.quiz?.questions.length ?? 0 };
	if (dryRun) return { zipChecked: summary };
	redirect(303, `/admin/content/courses/${c.slug}`);
}
