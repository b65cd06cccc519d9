/** The V8 options the server runs with: see node-options.mjs. */
export declare const SERVER_NODE_OPTIONS: string[];
