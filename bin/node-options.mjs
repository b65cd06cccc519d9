// The V8 options the server runs with (issue 13 item 7). Each 2 MB upload passes through Buffers
// that V8 counts as external memory, and with its default sizing V8 began a full mark of the whole
// heap (about 55 MB) every few uploads: 6–8 ms of collector threads per upload. Starting the old
// generation at 128 MB halves those collections (measured on 2 cores: 19.8 → 15.2 ms of CPU per
// upload, 60 → 68 uploads/s with no jobs running). Node does not take this option from
// NODE_OPTIONS, nor once started: `npm start` (package.json) and the `zhiping` command (its first
// line) pass it on the command line; test/unit/node-options.test.ts keeps the three in step.
export const SERVER_NODE_OPTIONS = ['--initial-old-space-size=128'];
