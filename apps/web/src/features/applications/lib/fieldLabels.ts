/**
 * The one home of the Chinese labels of an application's fields (揭榜申报): the application form and the
 * application's descriptions (my applications, the review board, the expert's scoring panel) read them here.
 */

/** Labels of the application's fields, keyed by the form / DTO name. */
export const APPLICATION_FIELD_LABELS = {
  applicant: '揭榜单位',
  memberOrgIds: '联合体其他成员',
  plan: '实施方案',
  team: '团队情况',
  budgetWan: '申报经费',
  timetable: '进度安排',
  createdAt: '提交时间',
} as const;
