'use strict';
/**
 * esbuild plugins for the Lambda bundles (serverless.yml: custom.esbuild.plugins).
 *
 * Bolt's index loads every receiver, but on Lambda only AwsLambdaReceiver runs. Two dependencies of the
 * others make up over half of the slack bundle and slow every cold start: undici (Socket Mode's WebSocket)
 * and iconv-lite (non-UTF-8 request bodies in the HTTP and Express receivers). Both are only used inside
 * functions of those receivers, never while modules load, so they are replaced by a module that throws a
 * clear error on first use: a code path that did need them fails loudly instead of misbehaving.
 */
const UNUSED_ON_LAMBDA = ['undici', 'iconv-lite'];
const NAMESPACE = 'unused-on-lambda';

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const stubSource = (name) => `
const message = ${JSON.stringify(`${name} is left out of the Lambda bundles (scripts/esbuild-plugins.cjs)`)};
module.exports = new Proxy({}, {
  get(_target, key) {
    if (typeof key === 'symbol' || key === '__esModule') return undefined;
    throw new Error(message + ': tried to use ' + String(key));
  },
});
`;

const unusedOnLambda = {
  name: NAMESPACE,
  setup(build) {
    const filter = new RegExp(`^(${UNUSED_ON_LAMBDA.map(escapeRegExp).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: NAMESPACE }));
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
      contents: stubSource(args.path),
      loader: 'js',
    }));
  },
};

// serverless-esbuild expects the module to export the plugin array itself.
module.exports = [unusedOnLambda];
