// esbuild bundles imported stylesheets into main.css; to TypeScript they are modules with no exports.
declare module "*.css";
