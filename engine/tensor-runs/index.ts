/**
 * Seeded tensor programs, run by TensorFlow.js in the learner's browser and again by the server, and
 * the rules for comparing what the two saw (protocol.ts). The practice page imports this folder on
 * its own — not the engine's index, whose answer machinery (mathjs) would bloat the page — and looks
 * the program of an instance up in `programs`.
 *
 * Adding a program: one file here with `defineTensorProgram`, and one line in `programs` below.
 */
import { createProgramRegistry } from './protocol';
import { linearAttentionProgram } from './linear-attention';
import { qkVarianceProgram } from './qk-variance';
import { walkProgram } from './walk';
import { moeProgram } from './moe';

export * from './protocol';
export { dataRng, uniformData, normalData, distinctRowsData } from './data';
export * from './linear-attention';
export * from './qk-variance';
export * from './walk';
export * from './moe';

/** Every program, by kind. */
export const programs = createProgramRegistry([linearAttentionProgram, qkVarianceProgram, walkProgram, moeProgram]);
