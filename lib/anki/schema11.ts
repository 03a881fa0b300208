/**
 * Anki's legacy collection schema, version 11 (ankitects/anki rslib/src/storage/schema11.sql): the tables,
 * columns, types and indexes of a `collection.anki2`, which every Anki and AnkiDroid opens and upgrades.
 */
export const schema11Tables: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  col: [['id', 'integer primary key'], ['crt', 'integer not null'], ['mod', 'integer not null'], ['scm', 'integer not null'], ['ver', 'integer not null'], ['dty', 'integer not null'], ['usn', 'integer not null'], ['ls', 'integer not null'], ['conf', 'text not null'], ['models', 'text not null'], ['decks', 'text not null'], ['dconf', 'text not null'], ['tags', 'text not null']],
  notes: [['id', 'integer primary key'], ['guid', 'text not null'], ['mid', 'integer not null'], ['mod', 'integer not null'], ['usn', 'integer not null'], ['tags', 'text not null'], ['flds', 'text not null'], ['sfld', 'integer not null'], ['csum', 'integer not null'], ['flags', 'integer not null'], ['data', 'text not null']],
  cards: [['id', 'integer primary key'], ['nid', 'integer not null'], ['did', 'integer not null'], ['ord', 'integer not null'], ['mod', 'integer not null'], ['usn', 'integer not null'], ['type', 'integer not null'], ['queue', 'integer not null'], ['due', 'integer not null'], ['ivl', 'integer not null'], ['factor', 'integer not null'], ['reps', 'integer not null'], ['lapses', 'integer not null'], ['left', 'integer not null'], ['odue', 'integer not null'], ['odid', 'integer not null'], ['flags', 'integer not null'], ['data', 'text not null']],
  revlog: [['id', 'integer primary key'], ['cid', 'integer not null'], ['usn', 'integer not null'], ['ease', 'integer not null'], ['ivl', 'integer not null'], ['lastIvl', 'integer not null'], ['factor', 'integer not null'], ['time', 'integer not null'], ['type', 'integer not null']],
  graves: [['usn', 'integer not null'], ['oid', 'integer not null'], ['type', 'integer not null']],
};

export const schema11Indexes: readonly string[] = [
  'create index ix_notes_usn on notes (usn)',
  'create index ix_cards_usn on cards (usn)',
  'create index ix_revlog_usn on revlog (usn)',
  'create index ix_cards_nid on cards (nid)',
  'create index ix_cards_sched on cards (did, queue, due)',
  'create index ix_revlog_cid on revlog (cid)',
  'create index ix_notes_csum on notes (csum)',
];

/** The DDL that creates an empty schema-11 collection (without its `col` row). */
export function schema11Sql(): string {
  const tables = Object.entries(schema11Tables).map(
    ([name, columns]) => `create table ${name} (\n${columns.map(([column, type]) => `  ${column} ${type}`).join(',\n')}\n);`,
  );
  return [...tables, ...schema11Indexes.map((index) => `${index};`)].join('\n');
}
