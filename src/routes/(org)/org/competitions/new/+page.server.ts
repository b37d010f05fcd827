import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { checkbox, idField, optionalText, parseForm, requiredText } from '$lib/server/forms';
import { scopeFor, unitInScope } from '$lib/server/org/units';
import { unitOptions } from '$lib/server/org/scope';
import { createCompetition, questionSetOptions, DEFAULT_STAKES, type RoundInput } from '$lib/server/competitions/competitions';
import { ROUND_KIND_LABELS } from '$lib/vocabulary';
import { teamDepthOptions } from '$lib/server/competitions/teams';
import { creationFromUrl, parseCampaignLink, saveWithCampaignLink } from '$lib/server/campaigns/links';
import type { Actions, PageServerLoad } from './$types';

const ROUND_SLOTS = 4;

const int = (label: string, min: number, max: number) =>
	z.coerce.number({ error: `${label}应为整数` }).int(`${label}应为整数`).min(min, `${label}不能小于 ${min}`).max(max, `${label}不能大于 ${max}`);

const CompetitionForm = z.object({
	title: requiredText('竞赛名称', 100),
	orgUnitId: idField('组织单位'),
	format: z.enum(['individual', 'team'], { error: '请选择赛制' }),
	teamMode: z.enum(['unit', 'lobby']).optional(),
	teamDepth: z.union([z.literal(''), z.coerce.number().int().positive()]).optional(),
	teamNames: optionalText('队伍名称', 2000, { multiline: true }),
	allowGuests: checkbox,
	stakes: z.string().max(100).optional().default(''),
	stakeSeconds: int('选择分值的时间', 3, 120)
});

const RoundRow = z.object({
	kind: z.enum(['required', 'buzz', 'risk']),
	setId: idField('题库'),
	count: int('题数', 1, 100),
	points: int('分值', 1, 1000),
	seconds: int('每题时间', 5, 600)
});

/** Round rows whose kind is set; each row's errors come back under round{N}. */
function parseRounds(form: FormData): { rounds: RoundInput[]; errors: Record<string, string> } {
	const rounds: RoundInput[] = [];
	const errors: Record<string, string> = {};
	for (let i = 1; i <= ROUND_SLOTS; i++) {
		const kind = String(form.get(`round${i}Kind`) ?? '');
		if (!kind) continue;
		const row = RoundRow.safeParse({
			kind,
			setId: form.get(`round${i}Set`),
			count: form.get(`round${i}Count`),
			points: form.get(`round${i}Points`),
			seconds: form.get(`round${i}Seconds`)
		});
		if (row.success) rounds.push(row.data);
		else errors[`round${i}`] = `第 ${i} 轮：${row.error.issues[0].message}`;
	}
	return { rounds, errors };
}

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const scope = await scopeFor(db, user);
	const units = await unitOptions(db, scope);
	const link = await creationFromUrl(db, scope, event.url, ['competition']);
	if (link === undefined) error(404, '系列活动不存在');
	return {
		units,
		link,
		defaultTitle: link?.actionTitle ?? '主题党日廉政知识竞赛',
		defaultUnitId: link?.unitId ?? (user.role === 'admin' ? (units[0]?.id ?? null) : user.orgUnitId),
		sets: await questionSetOptions(db),
		depths: await teamDepthOptions(db, user.role === 'admin' ? (units[0]?.id ?? user.orgUnitId) : user.orgUnitId),
		roundKinds: ROUND_KIND_LABELS,
		defaultStakes: DEFAULT_STAKES.join(','),
		roundSlots: ROUND_SLOTS
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireOrganizer(event);
		const submitted = await event.request.formData();
		const values = Object.fromEntries([...submitted.entries()].map(([k, v]) => [k, String(v)]));
		const form = parseForm(CompetitionForm, submitted);
		const rounds = parseRounds(submitted);
		const errors: Record<string, string> = { ...(form.ok ? {} : form.errors), ...rounds.errors };
		if (!form.ok || Object.keys(errors).length) return fail(400, { errors, values });
		const data = form.data;
		const scope = await scopeFor(db, user);
		if (!await unitInScope(db, scope, data.orgUnitId)) return fail(400, { errors: { orgUnitId: '只能选择本单位及下级单位' }, values });
		const stakes = data.stakes
			.split(/[,，、\s]+/)
			.filter(Boolean)
			.map(Number);
		const result = await saveWithCampaignLink(db, { scope, actorId: user.id, kind: 'competition', link: parseCampaignLink(submitted.get('campaignLink')) }, (tx) => createCompetition(tx, {
			title: data.title,
			ownerId: user.id,
			orgUnitId: data.orgUnitId,
			format: data.format,
			teamMode: data.format === 'team' ? (data.teamMode ?? null) : null,
			teamDepth: typeof data.teamDepth === 'number' ? data.teamDepth : null,
			teamNames: data.teamNames
				.split(/\r?\n/)
				.map((s) => s.trim())
				.filter(Boolean),
			allowGuests: data.allowGuests,
			stakeSeconds: data.stakeSeconds,
			stakes,
			rounds: rounds.rounds
		}), (r) => (r.ok ? r.competitionId : 0));
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/org/competitions/${result.competitionId}`);
	}
};
