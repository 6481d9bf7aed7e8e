export type DemoUserItem = { email: string; name: string; description: string };

/**
 * One submit button per demo user. They post `as=<email>` (not `email`, which the text
 * field already sends) and skip the form's validation so an empty field does not block them.
 */
export function DemoUserList({ users, disabled }: { users: DemoUserItem[]; disabled: boolean }) {
  return (
    <ul className="grid gap-2 sm:grid-cols-2">
      {users.map((user) => (
        <li key={user.email}>
          <button
            type="submit"
            name="as"
            value={user.email}
            formNoValidate
            disabled={disabled}
            title={`${user.name} · ${user.description}`}
            className="group flex w-full items-center gap-3 rounded-lg border bg-card px-3 py-2.5 text-left shadow-xs transition-colors hover:border-primary/40 hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/40 focus-visible:outline-none disabled:opacity-60"
          >
            <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-primary/10 text-xs font-semibold text-primary">
              {user.name
                .split(" ")
                .map((part) => part[0])
                .join("")
                .slice(0, 2)}
            </span>
            <span className="min-w-0">
              <span className="block truncate text-sm font-medium">{user.email}</span>
              <span className="block truncate text-xs text-muted-foreground">{user.description}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
