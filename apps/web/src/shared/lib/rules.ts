/**
 * Rule references in words. The API cites rules the way the code does (`004 §9(七)`, `004 §11 (一事一议)`,
 * `RULEBOOK §6 (beyond 004 §6, §8)`); people read the policy document's own title and article instead
 * (RULEBOOK's table at its top): `《内蒙古自治区科技计划"揭榜挂帅"实施办法（试行）》第九条第（七）项`. Seed numbers and
 * RULEBOOK sections are internal and never shown.
 */

/** The title of each policy document by its seed number (RULEBOOK's table). */
export const POLICY_DOCUMENT_TITLES: Record<string, string> = {
  '000': '《关于组织开展自治区概念验证平台、科技成果转化中试基地、中试公共服务平台备案工作的通知》',
  '001': '《云南省概念验证中心和中试基地（平台）备案管理办法（试行）》',
  '002': '《内蒙古自治区国际科技合作基地管理办法》',
  '003': '《内蒙古自治区技术创新中心建设运行管理办法（试行）》',
  '004': '《内蒙古自治区科技计划"揭榜挂帅"实施办法（试行）》',
};

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** A positive integer below 100 in Chinese numerals (`11` → `十一`, `20` → `二十`). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n <= 0 || n >= 100) return String(n);
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

/** One article reference: `§9(七)` → `第九条第（七）项`; `四.3` (a notice's part and point) → `第四部分第3点`. */
function articleWords(token: string): string {
  const section = /^§(\d+)((?:\([一二三四五六七八九十]+\))*)$/.exec(token);
  if (section) {
    const items = [...section[2].matchAll(/\(([一二三四五六七八九十]+)\)/g)].map((m) => `第（${m[1]}）项`);
    return `第${chineseNumber(Number(section[1]))}条${items.join('')}`;
  }
  const part = /^([一二三四五六七八九十]+)\.(\d+)$/.exec(token);
  if (part) return `第${part[1]}部分第${part[2]}点`;
  return '';
}

/**
 * A rule reference as people read it: each cited document's title with its articles, RULEBOOK sections left out
 * (only the documents they cite are kept), a Chinese note such as `(一事一议)` kept. `undefined` when nothing
 * citable is left.
 */
export function ruleWords(rule: string | null | undefined): string | undefined {
  if (!rule) return undefined;
  const cited = new Map<string, string[]>();
  const notes: string[] = [];
  let doc: string | null = null;
  const tokens =
    rule.match(/RULEBOOK|\b00\d\b|§\d+(?:\([一二三四五六七八九十]+\))*|[一二三四五六七八九十]+\.\d+|\([^()]*\)/g) ?? [];
  for (const t of tokens) {
    if (t === 'RULEBOOK') doc = null;
    else if (/^00\d$/.test(t)) doc = POLICY_DOCUMENT_TITLES[t] ? t : null;
    else if (t.startsWith('(')) {
      const inner = t.slice(1, -1).trim();
      if (/^[\u3400-\u9fff]+$/.test(inner) && !/^[一二三四五六七八九十]+$/.test(inner)) notes.push(inner);
      // An English note may cite documents itself: `(beyond 004 §6, §8)`.
      else {
        const nested = ruleWords(inner);
        if (nested) notes.push(nested);
      }
    } else if (doc) {
      const words = articleWords(t);
      const list = cited.get(doc) ?? [];
      if (words && !list.includes(words)) list.push(words);
      cited.set(doc, list);
    }
  }
  const parts = [...cited].map(([seed, articles]) => `${POLICY_DOCUMENT_TITLES[seed]}${articles.join('、')}`);
  const own = notes.filter((n) => !n.startsWith('《'));
  const nestedDocs = notes.filter((n) => n.startsWith('《') && !parts.includes(n));
  const all = [...parts, ...nestedDocs];
  if (all.length === 0) return undefined;
  return `${all.join('；')}${own.length ? `（${own.join('，')}）` : ''}`;
}

/** `依据…` text of a rule reference, or `undefined` when nothing citable is left. */
export function basisText(rule: string | null | undefined): string | undefined {
  const words = ruleWords(rule);
  return words ? `依据${words}` : undefined;
}
