/**
 * The durations the rules set, each once with its article: the longest implementation period of a deal (seed
 * `004 §15`) and the length of a public notice (公示期). Everything else that needs one of these reads it from
 * here (`MAX_DURATION_MONTHS` of `./transitions` and `DEFAULT_NOTICE_WORKING_DAYS` of `./notice` are views of this
 * table; the notice length can be overridden per deployment by `NOTICE_WORKING_DAYS`, whose default is this one).
 * Token and session lifetimes are configuration, not rules, and live in the API's `EnvConfig`.
 */
export const DURATIONS = {
  /** Longest implementation period of a challenge (揭榜挂帅) deal: 3 years. */
  challengeImplementation: { months: 36, rule: '004 §15' },
  /** Longest implementation period of an achievement (成果转化) deal: 2 years. */
  achievementImplementation: { months: 24, rule: '004 §15' },
  /** Length of a public notice (公示期): 5 working days (Chinese working days, holidays excluded). */
  notice: { workingDays: 5, rule: '004 §9(七); 000 四.3, 001 §10(三)' },
} as const;
