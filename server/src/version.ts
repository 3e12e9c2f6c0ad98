// The package version, put in by the build (esbuild `define`) from package.json.
declare const __ASYNC_LENS_VERSION__: string;
export const VERSION: string = typeof __ASYNC_LENS_VERSION__ === "string" ? __ASYNC_LENS_VERSION__ : "0.0.0-dev";
