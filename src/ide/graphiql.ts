import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { createPasswordSafeStorage } from './password-filter';

/**
 * The GraphQL IDE a browser gets at `GET /graphql` (Accept: text/html): GraphiQL 3's prebuilt UMD
 * bundle on React 18's UMD builds, every file served by idgate itself from its npm packages under
 * /graphql/ide/. Nothing is fetched from a CDN, so the IDE works on a machine with no internet.
 */

/** Where the assets are served, relative to the page at /graphql (so a path prefix in a proxy works). */
const ASSET_BASE = 'graphql/ide/';
export const IDE_ASSET_ROUTE = '/graphql/ide/:file';

/**
 * The page's Content-Security-Policy: every script, style, font and request from idgate itself
 * (fonts and icons GraphiQL inlines as data: URLs), no inline script, no framing, no forms.
 */
export const IDE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The IDE's first tab: how to get a token and where to put it, then a query to run with it. The
 * lines are the IDE's own welcome text, so they speak to the person at the keyboard.
 */
export const DEFAULT_QUERY = [
  '# Welcome to idgate. To get a token:',
  '# 1. Replace this text with',
  '#      mutation {',
  '#        login(name: "admin",',
  '#              password: "…") { token }',
  '#      }',
  '#    and run it (Ctrl-Enter or ▶).',
  '# 2. In the Headers tab (below), put',
  '#    {"Authorization": "Bearer <token>"}',
  '# 3. Run any operation, e.g. this one.',
  '#    The Docs (book icon) describe all.',
  '{',
  '  me {',
  '    name',
  '    groups {',
  '      name',
  '    }',
  '  }',
  '}',
  '',
].join('\n');

/**
 * Boots GraphiQL: runs in the browser, loaded as a file because the CSP forbids inline scripts. Its
 * storage is filtered by createPasswordSafeStorage (embedded from its compiled source).
 */
const BOOT_SCRIPT = `(function () {
  'use strict';
  var DEFAULT_QUERY = ${JSON.stringify(DEFAULT_QUERY)};
  var plugins = GraphiQL.React || {};
  // History, tabs and settings live in this browser's localStorage under "idgate:", filtered so that
  // no password, token or response is ever written there.
  var storage = (${createPasswordSafeStorage.toString()})(GraphiQL.createLocalStorage({ namespace: 'idgate' }));
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      // The page is served by the GraphQL endpoint itself: post to the same path.
      fetcher: GraphiQL.createFetcher({ url: window.location.pathname }),
      storage: storage,
      defaultQuery: DEFAULT_QUERY,
      defaultHeaders: '{\\n  "Authorization": "Bearer "\\n}',
      // Tokens are never written to localStorage.
      shouldPersistHeaders: false,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: 'headers',
      visiblePlugin: plugins.DOC_EXPLORER_PLUGIN || 'Documentation Explorer',
    }),
  );
})();
`;

const PAGE_STYLE = `html, body { height: 100%; margin: 0; }
#graphiql { height: 100vh; }
`;

interface Asset {
  body: Buffer;
  contentType: string;
  /** A short content hash, appended to the URL so that browsers may cache the file for good. */
  version: string;
}

function packageFile(pkg: string, file: string): Buffer {
  // Resolve through package.json: graphiql's `exports` map hides its UMD files from require.resolve.
  return readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file));
}

function asset(body: Buffer | string, contentType: string): Asset {
  const buffer = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return {
    body: buffer,
    contentType,
    version: createHash('sha256').update(buffer).digest('hex').slice(0, 12),
  };
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** Reads every IDE file once, at start: 1.4 MB, held in memory. */
function loadAssets(): Map<string, Asset> {
  return new Map([
    ['react.production.min.js', asset(packageFile('react', 'umd/react.production.min.js'), JS)],
    ['react-dom.production.min.js', asset(packageFile('react-dom', 'umd/react-dom.production.min.js'), JS)],
    ['graphiql.min.js', asset(packageFile('graphiql', 'graphiql.min.js'), JS)],
    ['graphiql.min.css', asset(packageFile('graphiql', 'graphiql.min.css'), CSS)],
    ['idgate-ide.css', asset(PAGE_STYLE, CSS)],
    ['idgate-ide.js', asset(BOOT_SCRIPT, JS)],
  ]);
}

function renderPage(assets: Map<string, Asset>): string {
  const url = (name: string) => `${ASSET_BASE}${name}?v=${assets.get(name)!.version}`;
  const styles = ['graphiql.min.css', 'idgate-ide.css'];
  const scripts = [
    'react.production.min.js',
    'react-dom.production.min.js',
    'graphiql.min.js',
    'idgate-ide.js',
  ];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    '<title>idgate · GraphiQL</title>',
    '<link rel="icon" href="data:,">',
    ...styles.map((name) => `<link rel="stylesheet" href="${url(name)}">`),
    '</head>',
    '<body>',
    '<div id="graphiql">Loading the GraphQL IDE…</div>',
    ...scripts.map((name) => `<script src="${url(name)}"></script>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The IDE: an Apollo landing page (Apollo picks it for GET requests that prefer text/html) and its files. */
export interface GraphiqlIde {
  /** Replaces Apollo's CDN-loaded landing page with idgate's own GraphiQL page. */
  plugin: ApolloServerPlugin;
  /** Serves the IDE's files and adds the security headers to the page. Call after the GraphQL route. */
  register(app: FastifyInstance, graphqlPath?: string): void;
}

export function createGraphiqlIde(): GraphiqlIde {
  const assets = loadAssets();
  const html = renderPage(assets);
  return {
    plugin: {
      async serverWillStart() {
        return {
          async renderLandingPage() {
            return { html };
          },
        };
      },
    },
    register(app, graphqlPath = '/graphql') {
      app.get<{ Params: { file: string } }>(IDE_ASSET_ROUTE, async (request, reply) => {
        const file = assets.get(request.params.file);
        if (!file) return reply.code(404).send({ error: 'not found' });
        return reply
          .header('content-type', file.contentType)
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('x-content-type-options', 'nosniff')
          .send(file.body);
      });
      app.addHook('onSend', async (request, reply, payload) => {
        const contentType = String(reply.getHeader('content-type') ?? '');
        if (request.routeOptions.url === graphqlPath && contentType.startsWith('text/html')) {
          reply
            .header('content-type', 'text/html; charset=utf-8')
            .header('content-security-policy', IDE_CONTENT_SECURITY_POLICY)
            .header('x-content-type-options', 'nosniff')
            .header('x-frame-options', 'DENY')
            .header('referrer-policy', 'no-referrer')
            .header('cache-control', 'no-cache');
        }
        return payload;
      });
    },
  };
}
