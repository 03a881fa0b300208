import { Rng } from './engine';
const r = Rng.fromSeed(42); console.log([r.uint32(), r.uint32(), r.uint32()]);
