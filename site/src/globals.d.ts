// gai.conf presets are bundled as text (esbuild's text loader).
declare module '*.conf' {
  const text: string;
  export default text;
}
