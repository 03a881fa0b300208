'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import type { MessageKey } from '@/lib/i18n';

type Text = Record<MessageKey, string>;
type Kind = 'basic' | 'cloze';
type LangPair = { zh: string; en: string };
interface Problem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export interface CardDraft {
  readonly kind: Kind;
  readonly fields: Record<string, Partial<LangPair>>;
  readonly tags: readonly string[];
}

interface Props {
  readonly text: Text;
  /** Create a card in this article, or edit the card with this id. */
  readonly target: { readonly create: string } | { readonly edit: string };
  readonly initial?: CardDraft;
}

const fieldsOf: Record<Kind, readonly { name: string; zh: MessageKey; en: MessageKey; optional?: boolean }[]> = {
  basic: [
    { name: 'front', zh: 'frontZh', en: 'frontEn' },
    { name: 'back', zh: 'backZh', en: 'backEn' },
  ],
  cloze: [
    { name: 'text', zh: 'clozeZh', en: 'clozeEn' },
    { name: 'extra', zh: 'extraZh', en: 'extraEn', optional: true },
  ],
};

function emptyFields(): Record<string, LangPair> {
  return { front: { zh: '', en: '' }, back: { zh: '', en: '' }, text: { zh: '', en: '' }, extra: { zh: '', en: '' } };
}

/** The card as the API takes it: empty languages left out, an empty optional field left out. */
function toCard(kind: Kind, fields: Record<string, LangPair>, tags: string) {
  const pick = (pair: LangPair) => ({ ...(pair.zh.trim() ? { zh: pair.zh } : {}), ...(pair.en.trim() ? { en: pair.en } : {}) });
  const tagList = tags.split(/\s+/).filter(Boolean);
  if (kind === 'basic') return { kind, front: pick(fields.front!), back: pick(fields.back!), tags: tagList };
  const extra = pick(fields.extra!);
  return { kind, text: pick(fields.text!), ...(Object.keys(extra).length > 0 ? { extra } : {}), tags: tagList };
}

async function post(method: string, url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

/** Writes or edits one card, with a live preview that shows KaTeX and cloze problems before saving. */
export function CardEditor({ text, target, initial }: Props) {
  const router = useRouter();
  const [kind, setKind] = useState<Kind>(initial?.kind ?? 'basic');
  const [fields, setFields] = useState<Record<string, LangPair>>(() => {
    const out = emptyFields();
    for (const [name, pair] of Object.entries(initial?.fields ?? {})) out[name] = { zh: pair.zh ?? '', en: pair.en ?? '' };
    return out;
  });
  const [tags, setTags] = useState((initial?.tags ?? []).join(' '));
  const [preview, setPreview] = useState<{ html: Record<string, { zh?: string; en?: string }>; problems: Problem[] } | null>(null);
  const [saveProblems, setSaveProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const generation = useRef(0);

  const card = toCard(kind, fields, tags);
  const cardJson = JSON.stringify(card);

  useEffect(() => {
    const mine = ++generation.current;
    const timer = setTimeout(async () => {
      try {
        const result = await post('POST', '/api/v1/cards/preview', JSON.parse(cardJson));
        if (mine !== generation.current) return;
        if (result.status === 200) setPreview(result.body as unknown as { html: Record<string, { zh?: string; en?: string }>; problems: Problem[] });
        else setPreview({ html: {}, problems: [{ path: [], message: String(result.body.error ?? `HTTP ${result.status}`) }] });
      } catch {
        // offline: the preview waits for the next change
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [cardJson]);

  function setField(name: string, lang: 'zh' | 'en', value: string) {
    setFields((old) => ({ ...old, [name]: { ...old[name]!, [lang]: value } }));
    setSaved(null);
  }

  async function save() {
    setBusy(true);
    setError(null);
    setSaveProblems([]);
    try {
      const result =
        'create' in target
          ? await post('POST', `/api/v1/articles/${encodeURIComponent(target.create)}/cards`, card)
          : await post('PATCH', `/api/v1/cards/${encodeURIComponent(target.edit)}`, card);
      if (result.status === 200 || result.status === 201) {
        setSaved(`${text.cardSaved} · ${text.version} ${String(result.body.version)}`);
        if ('create' in target) {
          setFields(emptyFields());
          setTags('');
        }
        router.refresh();
      } else {
        setError(String(result.body.error ?? `HTTP ${result.status}`));
        setSaveProblems((result.body.problems as Problem[] | undefined) ?? []);
      }
    } catch {
      setError(text.networkError);
    } finally {
      setBusy(false);
    }
  }

  const problemsAt = (name: string, lang?: string) =>
    [...(preview?.problems ?? []), ...saveProblems].filter((p) => p.path[0] === name && (lang === undefined ? p.path.length === 1 : p.path[1] === lang));
  const otherProblems = [...(preview?.problems ?? []), ...saveProblems].filter((p) => !fieldsOf[kind].some((f) => f.name === p.path[0]));
  const hasProblems = (preview?.problems.length ?? 0) > 0;

  return (
    <div className="card-editor" data-testid="card-editor">
      <p className="muted">{text.cardHelp}</p>
      <label className="editor-kind">
        {text.cardKind}{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} disabled={'edit' in target} data-testid="card-kind">
          <option value="basic">{text.basicKind}</option>
          <option value="cloze">{text.clozeCard}</option>
        </select>
      </label>
      {fieldsOf[kind].map((field) => (
        <fieldset key={field.name} className="editor-field">
          {(['zh', 'en'] as const).map((lang) => (
            <div key={lang} className="editor-lang">
              <label>
                {text[field[lang]]}
                <textarea
                  rows={3}
                  value={fields[field.name]![lang]}
                  lang={lang === 'zh' ? 'zh-CN' : 'en'}
                  onChange={(e) => setField(field.name, lang, e.target.value)}
                  data-testid={`field-${field.name}-${lang}`}
                />
              </label>
              {problemsAt(field.name, lang).map((p, i) => (
                <p key={i} className="error field-problem" role="alert">
                  {p.message}
                </p>
              ))}
              {preview?.html[field.name]?.[lang] && (
                <div className="rich editor-preview" data-testid={`preview-${field.name}-${lang}`} dangerouslySetInnerHTML={{ __html: preview.html[field.name]![lang]! }} />
              )}
            </div>
          ))}
          {problemsAt(field.name).map((p, i) => (
            <p key={i} className="error field-problem" role="alert">
              {p.message}
            </p>
          ))}
        </fieldset>
      ))}
      <label className="editor-tags">
        {text.tags}
        <input value={tags} onChange={(e) => setTags(e.target.value)} data-testid="field-tags" />
      </label>
      {otherProblems.map((p, i) => (
        <p key={i} className="error" role="alert">
          {p.path.length > 0 ? `${p.path.join('.')}: ` : ''}
          {p.message}
        </p>
      ))}
      <p className="muted" data-testid="preview-status">
        {preview && !hasProblems ? text.previewOk : ''}
      </p>
      {error && (
        <p className="error" role="alert" data-testid="save-error">
          {error}
        </p>
      )}
      <button type="button" className="primary" onClick={save} disabled={busy} data-testid="save-card">
        {text.saveCard}
      </button>{' '}
      {saved && (
        <span className="success" role="status" data-testid="card-saved">
          {saved}
        </span>
      )}
    </div>
  );
}
