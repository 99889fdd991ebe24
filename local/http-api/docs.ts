/**
 * GET /openapi.json and GET /docs: Swagger UI from the installed
 * swagger-ui-dist package (no CDN), pointed at the generated document.
 */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const SWAGGER_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

export const OPENAPI_PATH = '/openapi.json';
export const DOCS_PATH = '/docs';

// Only these files are served, so no request can walk out of the package folder.
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-16x16.png': 'image/png',
  'favicon-32x32.png': 'image/png',
};

const INDEX_HTML = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>Marketing operations API</title>
    <link rel="stylesheet" type="text/css" href="./swagger-ui.css" />
    <link rel="stylesheet" type="text/css" href="./index.css" />
    <link rel="icon" type="image/png" href="./favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="./swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="./swagger-ui-standalone-preset.js" charset="UTF-8"></script>
    <script src="./swagger-initializer.js" charset="UTF-8"></script>
  </body>
</html>
`;

const INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '${OPENAPI_PATH}',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-cache' });
  res.end(body);
}

/** Serves the document and docs; false when the path is not theirs. */
export async function serveDocs(pathname: string, res: ServerResponse, document: () => unknown): Promise<boolean> {
  if (pathname === OPENAPI_PATH) {
    send(res, 200, 'application/json', JSON.stringify(document(), null, 2));
    return true;
  }
  if (pathname === DOCS_PATH) {
    res.writeHead(301, { location: `${DOCS_PATH}/` });
    res.end();
    return true;
  }
  if (!pathname.startsWith(`${DOCS_PATH}/`)) return false;
  const file = pathname.slice(DOCS_PATH.length + 1);
  if (file === '' || file === 'index.html') send(res, 200, 'text/html; charset=utf-8', INDEX_HTML);
  else if (file === 'swagger-initializer.js') send(res, 200, 'text/javascript; charset=utf-8', INITIALIZER);
  else {
    const type = ASSETS[file];
    if (!type) return false;
    send(res, 200, type, await readFile(path.join(SWAGGER_DIR, file)));
  }
  return true;
}
