/** `import url from "./module.ts?lazy-url"` (build/integrations/lazy-module-url.ts): the module's built URL. */
declare module "*?lazy-url" {
  const url: string;
  export default url;
}
