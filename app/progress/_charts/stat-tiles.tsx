/** Headline figures as a definition list: each label with its value, readable in any order. */
export function StatTiles({ tiles }: { tiles: readonly { readonly label: string; readonly value: string; readonly id: string }[] }) {
  return (
    <dl className="stat-tiles">
      {tiles.map((tile) => (
        <div key={tile.id} className="stat-tile" data-testid={`stat-${tile.id}`}>
          <dt>{tile.label}</dt>
          <dd>{tile.value}</dd>
        </div>
      ))}
    </dl>
  );
}
