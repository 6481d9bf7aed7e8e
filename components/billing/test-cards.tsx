/** Stripe's test cards, as the simulator's pages list them. */
const CARDS = [
  ["4242 4242 4242 4242", "pays"],
  ["4000 0000 0000 0002", "is declined"],
  ["4000 0000 0000 9995", "is declined (insufficient funds)"],
  ["4000 0000 0000 0341", "attaches, but later charges fail"],
];

export function TestCards() {
  return (
    <div className="rounded-lg border border-dashed p-3 text-xs text-muted-foreground">
      <p className="mb-1 font-medium text-foreground">Test mode: no real card is charged.</p>
      <ul className="space-y-0.5">
        {CARDS.map(([number, what]) => (
          <li key={number}>
            <span className="font-mono">{number}</span> {what}. Any future expiry, any CVC.
          </li>
        ))}
      </ul>
    </div>
  );
}
