// UI texts of Anki interop (issue 13): the import page and the export buttons, merged into lib/i18n.ts's messages;
// why the import leaves something out, and why it refuses a file, in zh and en (codes and English templates:
// lib/anki/skips.ts, lib/anki/refusals.ts).
import type { Lang } from './accounts';
import { ANKI_REFUSALS_EN, pickRefusalTemplate, type AnkiRefusalArgs, type AnkiRefusalCode } from './anki/refusals';
import { ANKI_SKIP_REASONS_EN, fillSkipTemplate, type AnkiSkip, type AnkiSkipCode } from './anki/skips';

export const ankiMessages = {
  ankiImport: { zh: '导入 Anki 牌组', en: 'Import Anki decks' },
  ankiImportIntro: {
    zh: '上传 Anki 的牌组包（.apkg）、收藏包（.colpkg）或文本导出（.txt / .csv）。先检查将创建什么、跳过什么及原因，确认后才导入。每个牌组成为一篇文章；再次导入同一牌组会更新已有卡片，不会重复。',
    en: 'Upload an Anki deck package (.apkg), collection package (.colpkg) or text export (.txt / .csv). You first see what will be created and what is skipped, and why; nothing is imported until you confirm. Each deck becomes an article; importing the same deck again updates its cards instead of duplicating them.',
  },
  ankiFile: { zh: 'Anki 文件', en: 'Anki file' },
  ankiHistory: { zh: '同时导入我的复习记录（成为我的复习历史，卡片从 Anki 停下的地方继续）', en: 'Also bring my review history (it becomes my own reviews, and the cards continue where Anki left off)' },
  ankiCheck: { zh: '检查文件', en: 'Check the file' },
  ankiChecking: { zh: '正在读取……', en: 'Reading…' },
  ankiConfirm: { zh: '确认导入', en: 'Import now' },
  ankiImporting: { zh: '正在导入……', en: 'Importing…' },
  ankiWillCreate: { zh: '将会创建', en: 'Will be created' },
  ankiCreated: { zh: '已导入', en: 'Imported' },
  ankiDecks: { zh: '牌组 → 文章', en: 'Decks → articles' },
  ankiNewArticle: { zh: '新文章', en: 'new article' },
  ankiExistingArticle: { zh: '已有文章', en: 'existing article' },
  ankiNotes: { zh: '笔记', en: 'Notes' },
  ankiNotesNew: { zh: '新笔记', en: 'new notes' },
  ankiNotesUpdated: { zh: '更新的笔记', en: 'updated notes' },
  ankiNotesUnchanged: { zh: '未变的笔记', en: 'unchanged notes' },
  ankiCards: { zh: '张新卡片', en: 'new cards' },
  ankiCardsUpdated: { zh: '张更新的卡片', en: 'updated cards' },
  ankiMedia: { zh: '张图片', en: 'images' },
  ankiReviews: { zh: '条复习记录', en: 'reviews' },
  ankiSkipped: { zh: '跳过的内容', en: 'Skipped' },
  ankiSkippedMore: { zh: '另有 {n} 项未列出', en: '{n} more not listed' },
  ankiNothingSkipped: { zh: '没有跳过任何内容。', en: 'Nothing is skipped.' },
  ankiOpenArticle: { zh: '打开', en: 'Open' },
  ankiFromAuthoring: { zh: '从 Anki 导入牌组', en: 'Import decks from Anki' },
  articleCardsCapped: { zh: '这里只列出前 {n} 条；全部卡片请到浏览页查看。', en: 'Only the first {n} are listed here; browse to see every card.' },
  exportApkg: { zh: '导出为 Anki 牌组（.apkg）', en: 'Export as an Anki deck (.apkg)' },
  exportApkgHistory: { zh: '导出 .apkg（含我的复习记录）', en: 'Export .apkg with my review history' },
} as const;

/** Chinese templates of every skip code, with the English one's placeholders (tsc checks that none is missing). */
const SKIP_REASONS_ZH: Readonly<Record<AnkiSkipCode, string>> = {
  'note-bad-ids': '它的 id 或笔记类型 id 不是整数',
  'note-unknown-notetype': '它的笔记类型 {notetype} 不在这个收藏中',
  'field-too-long': '第 {field} 个字段超过 {max} 个字符',
  'active-element': '字段 {field} 含有 <{element}> 元素',
  'active-handler': '字段 {field} 含有事件处理属性（{handler}=）',
  'active-link': '字段 {field} 含有 {scheme}: 链接',
  'card-bad-values': '某一列的值不是整数',
  'card-note-missing': '它的笔记 {note} 没有导入',
  'card-deck-missing': '它的牌组 {deck} 不在这个收藏中',
  'revlog-invalid': '这些记录所属的卡片没有导入，或记录中的值无效',
  'media-listed-twice': '包里这个文件名出现了两次，保留第一个',
  'row-no-text': '这一行没有字段内容',
  'row-no-cloze': '这条填空笔记没有 {{c1::…}} 挖空',
  'cloze-deletion-missing': '笔记的第一个字段里没有挖空 c{index}',
  'question-empty': '它的问题面是空的',
  'note-no-cards': '它没有卡片',
  'deck-no-cards': '它本身不含卡片',
  'media-unused': '没有导入的卡片用到它',
  'revlog-cards-not-imported': '它们所属的卡片没有导入',
  'revlog-ignored-by-fsrs': 'FSRS 不使用这些记录（临时复习、手动改期、重置之前的历史）',
  'revlog-not-asked': '没有选择导入复习记录',
  'media-not-image': '它不是 PNG、JPEG、GIF 或 WebP 图片（卡片上只显示图片）',
  'media-too-large': '它超过了 {max} MiB',
  'tag-invalid': '笔记 {note}：标签最多 {max} 个字符，且不能含引号',
  'tag-too-many': '笔记 {note}：一张卡片最多保留 {max} 个标签',
  'note-field-too-long': '转换后有字段超过 {max} 个字符',
  'note-answer-empty': '它的答案面是空的',
  'note-check-failed': '{path}：{detail}',
  'note-retired': '它以前导入为 {note}，后来在应用里被停用了；先在应用里恢复它，才能更新',
  'revlog-cards-skipped': '它们所属的卡片被跳过了',
};

const SKIP_WHAT_ZH: Readonly<Record<AnkiSkip['what'], string>> = {
  note: '笔记',
  card: '卡片',
  revlog: '复习记录',
  deck: '牌组',
  notetype: '笔记类型',
  media: '媒体文件',
  row: '行',
  tag: '标签',
};

/**
 * Why something was skipped, in `lang` (a skip without a known code, from an older server, keeps its English reason).
 *
 * @example
 * skipReasonText({ code: 'card-deck-missing', args: { deck: 7 }, reason: '…' }, 'zh')  // '它的牌组 7 不在这个收藏中'
 */
export function skipReasonText(skip: Pick<AnkiSkip, 'code' | 'args' | 'reason'>, lang: Lang): string {
  const template = lang === 'zh' ? SKIP_REASONS_ZH[skip.code] : ANKI_SKIP_REASONS_EN[skip.code];
  return template === undefined ? skip.reason : fillSkipTemplate(template, skip.args ?? {});
}

/** What was skipped, in `lang`: its kind and id ('note gBasic001', 'revlog 3 rows'; '笔记 gBasic001', '复习记录 3 条'). */
export function skipSubjectText(skip: Pick<AnkiSkip, 'what' | 'id' | 'args'>, lang: Lang): string {
  if (lang === 'en') return `${skip.what} ${skip.id}`;
  const rows = skip.args?.rows;
  if (skip.what === 'revlog' && typeof rows === 'number') return `复习记录 ${rows} 条`;
  if (skip.what === 'row') return `第 ${skip.id} 行`;
  return `${SKIP_WHAT_ZH[skip.what] ?? skip.what} ${skip.id}`;
}

/** The Chinese template of a code (for the test that every code has one). */
export const zhSkipTemplate = (code: AnkiSkipCode): string | undefined => SKIP_REASONS_ZH[code];

/** Chinese templates of every refusal code, with the English one's placeholders (tsc checks that none is missing). */
const REFUSALS_ZH: Readonly<Record<AnkiRefusalCode, string>> = {
  'package-too-large': '这个包有 {size} MiB，上限是 {max} MiB。',
  'not-zip': '这个文件不是 zip 压缩包，所以不是 Anki 牌组包（.apkg/.colpkg）。',
  'zip-too-many-entries': '这个包有 {count} 个条目，上限是 {max} 个。',
  'zip-entries-over-limit': '这个包的条目超过 {max} 个。',
  'zip-entry-twice': '这个包里 "{name}" 出现了两次。',
  'zip-entry-too-large': '"{name}" 解压后有 {size} MiB，单个条目的上限是 {max} MiB。',
  'zip-entry-bomb': '这个包解压后超过 {max} MiB（在 "{name}" 中）。',
  'zip-total-bomb': '这个包解压后超过 {max} MiB。',
  'zip-unsafe-entry-name': '这个包里有名称不安全的条目（{detail}）。',
  'zip-damaged': '这个包是损坏或不完整的 zip 压缩包（{detail}）。',
  'zstd-too-large': '"{name}" 解压后超过 {max} MiB。',
  'zstd-invalid': '"{name}" 不是有效的 zstd 数据（{detail}）。',
  'zstd-window-too-large': '"{name}" 要求 {size} MiB 的 zstd 窗口，上限是 {max} MiB。',
  'zstd-declared-too-large': '"{name}" 声明的内容超过 {max} MiB。',
  'collection-missing-current': '这个包里没有 "{name}"（它的 "meta" 条目表明是新格式），所以不含收藏。',
  'collection-missing-legacy': '这个包里没有 "{name}"（旧格式需要它），所以不含收藏。',
  'unknown-version': '无法识别这个包的格式版本（{version}）：它由比本应用更新的 Anki 制作（本应用读取旧版 1–2 和当前版 3）。',
  'meta-invalid': '这个包的 "meta" 条目不是有效的 PackageMetadata 消息（{detail}）。',
  'media-list-invalid': '这个包的 "media" 列表不是有效的 MediaEntries 消息（{detail}）。',
  'media-list-not-json': '这个包的 "media" 列表不是有效的 JSON。',
  'media-list-not-object': '这个包的 "media" 列表不是按编号列出文件的 JSON 对象。',
  'media-list-bad-entry': '这个包的 "media" 列表中有无效条目（{entry}）。',
  'too-many-media': '这个包列出了 {count} 个媒体文件，上限是 {max} 个。',
  'media-name-empty': '这个包里的媒体文件名 {name} 是空的。',
  'media-name-too-long': '这个包里的媒体文件名 {name} 超过 255 字节。',
  'media-name-path': '这个包里的媒体文件名 {name} 含有路径分隔符或上级目录引用。',
  'media-name-drive': '这个包里的媒体文件名 {name} 以盘符开头。',
  'media-name-control': '这个包里的媒体文件名 {name} 含有控制字符。',
  'media-missing': '这个包列出的媒体文件 "{name}"（条目 {entry}）不存在。',
  'collection-not-sqlite': '"{file}" 不是 Anki 收藏（不是 SQLite 数据库：{detail}）。',
  'collection-unreadable': '"{file}" 不是 Anki 收藏（{detail}）。',
  'collection-table-missing': '"{file}" 不是 Anki 收藏（没有 "{table}" 表）。',
  'collection-table-computed': '"{file}" 不是 Anki 收藏（"{table}" 表含有计算列）。',
  'collection-columns-missing': '"{file}" 不是 Anki 收藏（"{table}" 表缺少 {columns}）。',
  'collection-col-empty': '"{file}" 不是 Anki 收藏（"col" 表是空的）。',
  'collection-json-invalid': '"{file}"：col.{column} 不是 Anki 收藏在那里保存的 JSON 对象。',
  'unsupported-schema': '"{file}" 的收藏架构版本是 {version}；Anki 包使用 {min} 到 {max} 版。',
  'too-many-notes': '这个收藏有 {count} 条笔记，上限是 {max} 条。',
  'too-many-cards': '这个收藏有 {count} 张卡片，上限是 {max} 张。',
  'too-many-reviews': '这个收藏有 {count} 条复习记录，上限是 {max} 条。',
  'too-many-notetypes': '这个收藏有 {count} 种笔记类型，上限是 {max} 种。',
  'too-many-decks': '这个收藏有 {count} 个牌组，上限是 {max} 个。',
  'note-too-many-fields': '"{file}"：笔记 {note} 有 {count} 个字段，上限是 {max} 个。',
  'notetype-too-many-fields': '"{file}"：笔记类型 {notetype} 有 {count} 个字段，上限是 {max} 个。',
  'notetype-too-many-templates': '"{file}"：笔记类型 {notetype} 有 {count} 个卡片模板，上限是 {max} 个。',
  'notetype-fields-over-limit': '"{file}"：笔记类型 {notetype} 的字段超过 {max} 个。',
  'notetype-templates-over-limit': '"{file}"：笔记类型 {notetype} 的卡片模板超过 {max} 个。',
  'notetype-config-invalid': '"{file}"：笔记类型 {name} 的配置不是有效的 NotetypeConfig 消息（{detail}）。',
  'template-config-invalid': '"{file}"：模板 {name} 的配置不是有效的 TemplateConfig 消息（{detail}）。',
  'deck-kind-invalid': '"{file}"：牌组 {name} 的类型不是有效的 DeckKindContainer 消息（{detail}）。',
  'text-too-large': '这个文本文件有 {size} MiB，上限是 {max} MiB。',
  'text-not-utf8': '这个文本文件不是 UTF-8 文本。',
  'text-nul': '这个文本文件含有 NUL 字符，不是文本导出。',
  'text-invalid-tabs': '这个文本文件不是有效的制表符分隔文本（{detail}）。',
  'text-invalid-separated': '这个文本文件不是有效的分隔文本（{detail}）。',
  'text-too-many-rows': '这个文本文件有 {count} 行，上限是 {max} 条笔记。',
  'text-too-many-columns': '这个文本文件的行有 {count} 列，上限是 {max} 个字段。',
  'export-integrity': '写出的收藏没有通过 SQLite 完整性检查（{detail}）。',
  'export-invalid': '无法写出这个牌组包：{detail}。',
  'not-anki-file': '"{name}" 不是 Anki 文件：请导入 .apkg 或 .colpkg 牌组包，或 .txt/.csv 文本导出',
  'text-export-too-large': '文本导出超过 {max} MiB；请每次导出较少的笔记，或导出为 .apkg 牌组包',
  'script-in-fields': '文件的字段里含有脚本，本应用从不运行脚本（{count} 条笔记；第一条：笔记 {note}：{reason}）。没有导入任何内容：请在 Anki 中删除后重新导出。',
  'no-cards': '文件里没有本应用能导入的卡片。',
  'no-importable-cards': '文件里没有本应用能导入的卡片（{skipped}）。',
  'account-gone': '你的账户已不存在；请重新登录',
  'conflict-names-taken': '读取牌组包期间内容发生了变化（另一次导入或编辑占用了相同的名称）；请重新导入',
  'conflict-note-edited': '读取牌组包期间卡片 {note} 被编辑了；请重新导入',
  'conflict-card-reviewed': '读取牌组包期间卡片 {card} 被复习了（或另一次导入带来了它的复习记录）；请重新导入',
  'upload-too-large': '文件超过 {max} MiB，这是本应用能导入的最大牌组包；请每次导出较少的牌组',
  'upload-empty': '请把 Anki 文件（.apkg、.colpkg、.txt 或 .csv）作为请求内容发送',
  'bad-flag': '{name} 只能是 0 或 1',
  'import-busy': '另一次导入正在进行；请等它结束后再试',
  'import-too-slow': '导入超过 {seconds} 秒，已被停止；没有任何改动',
};

/** A refusal as the import route answers it: `error` in English, and `code` + `args` when the server sends them. */
export interface RefusalAnswer {
  readonly error: string;
  readonly code?: string;
  readonly args?: AnkiRefusalArgs;
  readonly problems?: readonly Pick<AnkiSkip, 'what' | 'id' | 'code' | 'args' | 'reason'>[];
}

/**
 * Why an import was refused, in `lang`, from the answer's code and arguments (an answer without a code this page
 * knows, from another version of the server, keeps its English `error`). Two arguments carry the English text of
 * the answer's first problems (`reason`, `skipped`); in Chinese they are made again from those problems.
 *
 * @example
 * refusalText({ error: '…', code: 'zip-too-many-entries', args: { count: 50, max: 20 } }, 'zh')  // '这个包有 50 个条目，上限是 20 个。'
 */
export function refusalText(answer: RefusalAnswer, lang: Lang): string {
  const code = answer.code as AnkiRefusalCode | undefined;
  if (code === undefined || !Object.hasOwn(ANKI_REFUSALS_EN, code)) return answer.error;
  const args = answer.args ?? {};
  if (lang === 'en') return fillSkipTemplate(pickRefusalTemplate(ANKI_REFUSALS_EN[code], args), args);
  const problems = answer.problems ?? [];
  const local: Record<string, string | number> = { ...args };
  if ('reason' in args && problems[0]) local.reason = skipReasonText(problems[0], lang);
  if ('skipped' in args && problems.length > 0) local.skipped = problems.slice(0, 3).map((skip) => `${skipSubjectText(skip, lang)}：${skipReasonText(skip, lang)}`).join('；');
  return fillSkipTemplate(REFUSALS_ZH[code], local);
}

/** The Chinese template of a refusal code (for the test that every code has one). */
export const zhRefusalTemplate = (code: AnkiRefusalCode): string | undefined => REFUSALS_ZH[code];
