// Number formats shared by the report page, its exports and the drafted summary, so a figure
// reads the same everywhere (the summary must never differ from the table).

export function formatPercent(value: number | null): string {
	return value === null ? '—' : `${value.toFixed(1)}%`;
}

export function formatOneDecimal(value: number | null): string {
	return value === null ? '—' : value.toFixed(1);
}

export const METRIC_LABELS = {
	activities: '组织开展学习教育活动（次）',
	attendances: '参与人次',
	reached: '覆盖人数',
	members: '现有人数',
	rate: '参与率',
	checkins: '阅读打卡（人次）',
	courseCompletions: '课程完成（人次）',
	quizAttempts: '参加测验（人次）',
	quizAverage: '测验平均分',
	hours: '学习时长（小时）'
} as const;
