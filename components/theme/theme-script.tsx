/**
 * Sets the `dark` class on <html> before first paint, from the saved choice or the OS
 * preference, so there is no light flash. Inline, with the request's CSP nonce: the
 * policy allows no other inline script. Kept in sync with theme-toggle.tsx's storage key.
 */
export const THEME_STORAGE_KEY = "tenantry-theme";

const source = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});var d=t==="dark"||(t!=="light"&&matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.toggle("dark",d);}catch(e){}})();`;

export function ThemeScript({ nonce }: { nonce: string | undefined }) {
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: source }} />;
}
