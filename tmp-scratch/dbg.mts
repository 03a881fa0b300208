import { readAnkiPackage } from '/work/wt-anki/lib/anki';
import { imageTypeOf } from '/work/wt-anki/lib/media-types';
import { buildPackage, sampleData } from '/work/wt-anki/tests/helpers/anki-fixtures';
const data = sampleData();
data.media.push({ name: 'sound.mp3', bytes: Buffer.from('ID3 not an image') });
const c = await readAnkiPackage(await buildPackage(data, 'latest'));
console.log(c.media.map((m) => [m.name, m.bytes.length, imageTypeOf(m.bytes)]));
